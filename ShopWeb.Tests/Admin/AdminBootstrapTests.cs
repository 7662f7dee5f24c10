using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Admin;

/// <summary>The admin made at the first start, when none is configured, and the file holding its password.</summary>
public sealed class AdminBootstrapTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-admin-");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_generated_admin_password_file_is_readable_by_the_shops_user_alone()
    {
        var environment = AppProcess.ShopEnvironment(folder.FullName, 0);
        environment["Admin__Email"] = "";
        environment["Admin__Password"] = "";
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, environment,
            "--urls", "http://127.0.0.1:0", "--contentRoot", folder.FullName);
        await app.WaitUntilListeningAsync();

        var file = Path.Combine(folder.FullName, "App_Data", "initial-admin-password.txt");
        Assert.True(File.Exists(file), app.Output + app.Errors);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.StartsWith("admin@localhost\n", await File.ReadAllTextAsync(file));
    }

    public void Dispose() => TestStore.Delete(folder.FullName);
}
