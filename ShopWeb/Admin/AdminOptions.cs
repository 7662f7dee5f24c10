namespace ShopWeb.Admin;

/// <summary>The <c>Admin</c> section (the bootstrap admin, the second factor) and <c>Uploads</c> (where product images go).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    /// <summary>An admin sets up a second factor before any admin page. Defaults to true outside Development.</summary>
    public bool RequireTwoFactor { get; set; } = true;
}

public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>Where uploaded product images are kept: outside wwwroot/, served by the app at /media/.</summary>
    public string Path { get; set; } = "App_Data/uploads";

    public long MaxBytes { get; set; } = 2 * 1024 * 1024;
}
