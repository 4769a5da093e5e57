#pragma once

#include "Handler.h"

namespace parley::server {

using OpHandler = QCoro::Task<HandlerOutcome> (*)(ServerContext &, const CallContext &, const Request &);

/// The one table from op to handler; null for ping, which needs no handler. Adding an op is a
/// line here (docs/ARCHITECTURE.md, "Adding an op").
OpHandler handlerFor(Op op);

} // namespace parley::server
