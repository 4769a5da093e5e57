#pragma once

#include <storage/MigrationRunner.h>

namespace parley::server {

/// The daemon's database schema: its migration history and its current shape.
/// Never edit a released step; append a new one and update the fresh schema to match
/// (tst_migrations checks that both paths give the same schema).
const storage::SchemaDefinition &serverSchema();

} // namespace parley::server
