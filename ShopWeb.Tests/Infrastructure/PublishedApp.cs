using System.Diagnostics;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The app as <c>dotnet publish -c Release</c> leaves it, published once per test run into a temp folder however many
/// tests need it, and removed when the run ends.
/// </summary>
internal static class PublishedApp
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The publish output; the first caller waits for <c>dotnet publish</c>, the others share its result.</summary>
    public static Task<string> FolderAsync() => Published.Value;

    public static async Task<string> DllAsync() => Path.Combine(await FolderAsync(), "ShopWeb.dll");

    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("shopweb-publish-").FullName;
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
}
