namespace ShopWeb.Data;

/// <summary>
/// Says who is using the store, through an operating-system lock on <c>&lt;store&gt;.in-use</c>: the shop and a
/// backup hold it shared (any number at once), a restore holds it alone. The lock, not the file, is the signal, so
/// it goes away with the process however the process ends, even killed.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream handle;

    private StoreLock(FileStream handle) => this.handle = handle;

    public static string PathFor(string dataSource) => dataSource + ".in-use";

    /// <returns><see langword="null"/> when a restore holds the store.</returns>
    public static StoreLock? TryShare(string dataSource) =>
        // Read-only and shared maps to flock(LOCK_SH) on Unix and to shared access on Windows.
        TryOpen(dataSource, FileAccess.Read, FileShare.ReadWrite);

    /// <returns><see langword="null"/> when the shop or a backup is using the store.</returns>
    public static StoreLock? TryTakeAlone(string dataSource) => TryOpen(dataSource, FileAccess.ReadWrite, FileShare.None);

    public void Dispose() => handle.Dispose();

    private static StoreLock? TryOpen(string dataSource, FileAccess access, FileShare share)
    {
        try
        {
            return new StoreLock(new FileStream(PathFor(dataSource), FileMode.OpenOrCreate, access, share));
        }
        catch (IOException) when (File.Exists(PathFor(dataSource)))
        {
            return null;
        }
    }
}
