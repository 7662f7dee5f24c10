namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A test about SQLite itself (its file, its write-ahead log, backup and restore of the file): skipped, with its
/// reason, when the suite runs on PostgreSQL. Everything else runs on both stores.
/// </summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string reason)
    {
        if (TestStore.OnPostgres)
        {
            Skip = "About SQLite itself: " + reason;
        }
    }
}

/// <inheritdoc cref="SqliteOnlyFactAttribute"/>
public sealed class SqliteOnlyTheoryAttribute : TheoryAttribute
{
    public SqliteOnlyTheoryAttribute(string reason)
    {
        if (TestStore.OnPostgres)
        {
            Skip = "About SQLite itself: " + reason;
        }
    }
}
