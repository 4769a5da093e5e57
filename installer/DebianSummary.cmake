# CPACK_PROJECT_CONFIG_FILE: read by cpack once per generator.
# CPackDeb prepends CPACK_PACKAGE_DESCRIPTION_SUMMARY to every component's description, which
# would give both .deb files the same summary line. Each CPACK_DEBIAN_<COMPONENT>_DESCRIPTION
# starts with its own summary instead.
if(CPACK_GENERATOR STREQUAL "DEB")
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
endif()
