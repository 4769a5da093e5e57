#include "ui/paint/Palettes.h"

namespace parley::client::ui {

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x20, 0x22, 0x26);
    const QColor base(0x17, 0x19, 0x1c);
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor highlight(0x2f, 0x81, 0xf7);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2d, 0x32));
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x92, 0x9a));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x2b, 0x2e, 0x33));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    palette.setColor(QPalette::Light, QColor(0x3a, 0x3e, 0x44));
    palette.setColor(QPalette::Midlight, QColor(0x32, 0x35, 0x3a));
    palette.setColor(QPalette::Mid, QColor(0x26, 0x28, 0x2c));
    palette.setColor(QPalette::Dark, QColor(0x10, 0x11, 0x13));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, QColor(0x6b, 0x71, 0x78));
    return palette;
}

} // namespace parley::client::ui
