#pragma once

#include <QCoreApplication>

namespace parley::client {

/// tr() in ChatSession's translation context for the parts split out of it: the texts were
/// written there, and the translations (translations/parley_de.ts) are looked up by it.
struct SessionText
{
    Q_DECLARE_TR_FUNCTIONS(parley::client::ChatSession)
};

} // namespace parley::client
