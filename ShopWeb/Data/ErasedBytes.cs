using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Data;

/// <summary>
/// What a shopper erased leaves no bytes in a copy of the store's files. On SQLite, secure_delete zeroes a deleted
/// row in the page's new image, but in WAL mode that image first goes to the log, and the file keeps the old one (the
/// row whole) until a checkpoint, while older frames of the log hold it too. So after an erasure commits, the log is
/// folded into the file and emptied (a TRUNCATE checkpoint). A reader still on an older snapshot holds that back for
/// at most the busy timeout; it is then done by the next erasure or SQLite's own checkpoint. PostgreSQL's deleted rows
/// leave its files at the next (auto)vacuum.
/// </summary>
public static class ErasedBytes
{
    public static async Task ScrubAsync(ShopDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
    }
}
