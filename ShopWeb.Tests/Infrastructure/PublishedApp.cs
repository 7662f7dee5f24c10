using System.Diagnostics;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The app as <c>dotnet publish -c Release</c> leaves it, published once per test run into a temp folder however many
/// tests need it, and removed when the run ends.
/// </summary>
internal static class PublishedApp
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>
    /// The publish output; the first caller waits for <c>dotnet publish</c> (or for a copy of the one test.sh made,
    /// SHOPWEB_FARM_APP), the others share its result.
    /// </summary>
    public static Task<string> FolderAsync() => Published.Value;

    public static async Task<string> DllAsync() => Path.Combine(await FolderAsync(), "ShopWeb.dll");

    private static async Task<string> PublishAsync()
    {
        var farmApp = Environment.GetEnvironmentVariable("SHOPWEB_FARM_APP");
        // Under test.sh, in its scratch folder, which test.sh removes when it ends: the test host is often ended
        // without its ProcessExit running, which left a copy of the shop in /tmp after every run.
        var output = Environment.GetEnvironmentVariable("SHOPWEB_TEST_SCRATCH") is { Length: > 0 } scratch
            ? Directory.CreateDirectory(Path.Combine(scratch, $"tests-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("shopweb-publish-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
                // Still held by a process; the OS temp cleaner gets it.
            }
        };
        if (farmApp is { Length: > 0 } published)
        {
            // test.sh has published the shop once already (for the farm): a copy of it, which the tests may write a
            // store into, instead of a second Release build and ReadyToRun compile on the same two cores.
            CopyDirectory(published, output);
            return output;
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in new[] { "publish", RepoPaths.AppProject, "-c", "Release", "-o", output, "--nologo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(info)!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet publish failed:\n{await log}\n{await errors}");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
