namespace ShopWeb.Infrastructure;

/// <summary>A folder the shop writes to (uploads, the email pickup folder), checked at start: made when missing, and written to once.</summary>
internal static class WritableFolder
{
    /// <summary>rwxr-xr-x: what it holds is public anyway (uploaded images are served to anyone).</summary>
    public const UnixFileMode Shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>rwx------: what it holds is for the shop's own user alone (emails carry sign-in and reset links).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Why the shop cannot write to <paramref name="folder"/>, or null when it can.</summary>
    /// <param name="mode">The permissions a folder made here gets (none on Windows).</param>
    public static string? Problem(string folder, UnixFileMode mode)
    {
        try
        {
            Create(folder, mode);
            var probe = Path.Combine(folder, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        }
    }

    /// <summary>Makes the folder with <paramref name="mode"/> when it is missing (on Windows, as its parent allows); one that exists is left as it is.</summary>
    public static void Create(string folder, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, mode);
        }
    }
}
