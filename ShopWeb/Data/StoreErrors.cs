using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ShopWeb.Data;

/// <summary>What a failed statement means, for the few places that answer a race with a message or a retry instead of an error page.</summary>
public static class StoreErrors
{
    /// <summary>A unique index refused the row: someone else saved the same key a moment earlier.</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        // SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY only: a NOT NULL or a trigger's refusal is no duplicate.
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };

    /// <summary>
    /// Any constraint refused the change (a unique key, or a row it refers to that went away meanwhile): a cart change
    /// that met a concurrent one and is simply tried again.
    /// </summary>
    public static bool IsConstraintViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } => true,
        _ => false,
    };

    /// <summary>
    /// The store was too busy for the statement: SQLite's lock stayed taken past the busy timeout, or PostgreSQL chose
    /// this transaction to end a deadlock or a serialization conflict. Trying again shortly is the answer.
    /// </summary>
    public static bool IsBusy(Exception ex) => (ex is DbUpdateException { InnerException: { } inner } ? inner : ex) switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable } => true,
        _ => false,
    };
}
