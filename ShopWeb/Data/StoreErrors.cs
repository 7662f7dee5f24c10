using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Data;

/// <summary>What a failed save means, for the few places that answer a race with a message instead of an error page.</summary>
public static class StoreErrors
{
    /// <summary>A unique index refused the row: someone else saved the same key a moment earlier.</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException is SqliteException { SqliteErrorCode: 19 };
}
