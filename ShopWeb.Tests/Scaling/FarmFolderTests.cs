using System.Diagnostics;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// deploy/farm.sh keeps passwords and the settings 'restart' runs the shop with in its folder, by default a name in the
/// shared /tmp: a folder another local user made, or may write to, is refused before anything is written into it.
/// </summary>
public sealed class FarmFolderTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-farm-folder-");

    [Theory]
    [InlineData("anyone may write to it", "777", null)]
    [InlineData("another user owns it", "755", "nobody")]
    public async Task Up_refuses_a_folder_that_is_not_its_users_alone(string _, string mode, string? owner)
    {
        await RunAsync("chmod", mode, folder.FullName);
        if (owner is not null)
        {
            await RunAsync("chown", owner, folder.FullName);
        }

        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "deploy", "farm.sh"), "up")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["FARM_DIR"] = folder.FullName, ["Admin__Password"] = "a kept secret passphrase" },
        };
        using var farm = Process.Start(start)!;
        var said = await farm.StandardError.ReadToEndAsync();
        await farm.WaitForExitAsync();

        Assert.Equal(1, farm.ExitCode);
        Assert.Contains($"{folder.FullName} exists and is not a folder of this user's that others cannot write to", said);
        Assert.Empty(folder.GetFileSystemInfos()); // no settings, no passwords, nothing started
    }

    private static async Task RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(command, arguments);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
