#pragma once

#include <QTest>

#include <optional>

namespace QTest {

/// Lets QCOMPARE print the std::optional<qint64> values it compares.
template <>
inline char *toString(const std::optional<qint64> &value)
{
    return value ? QTest::toString(*value) : qstrdup("nullopt");
}

} // namespace QTest
