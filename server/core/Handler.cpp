#include "Handler.h"

namespace parley::server {

ProtocolError toProtocolError(const StorageError &error)
{
    switch (error.kind) {
    case StorageError::Kind::Conflict:
        return ProtocolError::make(ErrorCode::Conflict, error.message, error.field);
    case StorageError::Kind::NotFound:
        return ProtocolError::make(ErrorCode::NotFound, error.message, error.field);
    case StorageError::Kind::Forbidden:
        return ProtocolError::make(ErrorCode::Forbidden, error.message, error.field);
    case StorageError::Kind::Invalid:
        return ProtocolError::make(ErrorCode::BadRequest, error.message, error.field);
    case StorageError::Kind::TooLarge:
        return ProtocolError::make(ErrorCode::TooLarge, error.message, error.field);
    case StorageError::Kind::Unavailable:
        return ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("storage is busy, try again"));
    case StorageError::Kind::Internal:
        break;
    }
    return ProtocolError::make(ErrorCode::Internal, QStringLiteral("internal error"));
}

} // namespace parley::server
