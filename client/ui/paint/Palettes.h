#pragma once

#include <QPalette>

namespace parley::client::ui {

/// A dark palette for `--color-scheme dark` on desktops whose platform theme offers none. The
/// app otherwise follows the desktop's palette; every painter reads its colours from it.
QPalette darkPalette();

} // namespace parley::client::ui
