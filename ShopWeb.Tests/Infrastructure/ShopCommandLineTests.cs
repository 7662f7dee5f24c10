namespace ShopWeb.Tests.Infrastructure;

/// <summary>The published shop's command line, in processes of their own, on a store of their own.</summary>
public sealed class ShopCommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-command-line-").FullName;
    private readonly int port = AppProcess.FreePort();

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_every_command_and_starts_no_shop(string asked)
    {
        var (exitCode, output, errors) = await RunAsync(asked);

        Assert.Equal(0, exitCode);
        Assert.Empty(errors.Trim());
        foreach (var command in new[] { "backup FILE", "restore FILE", "catalog export FILE", "catalog import FILE [--apply]" })
        {
            Assert.Contains(command, output);
        }
        Assert.DoesNotContain("Now listening", output);
    }

    [Fact]
    public async Task A_mistyped_command_is_named_with_the_usage_and_starts_no_shop_on_the_store()
    {
        var (exitCode, output, errors) = await RunAsync("bakup", Path.Combine(folder, "copy.db"));

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ShopWeb has no command 'bakup'.", errors);
        Assert.Contains("backup FILE", errors);
        Assert.DoesNotContain("Now listening", output);
        Assert.False(File.Exists(Path.Combine(folder, "copy.db")));
    }

    [Theory]
    [InlineData("ShopWeb cannot back up: 'extra' is neither a setting", "backup", "copy.db", "extra")]
    [InlineData("ShopWeb cannot import the catalog: '--aply' is neither a setting", "catalog", "import", "catalog.csv", "--aply")]
    [InlineData("ShopWeb cannot export the catalog: '--apply' is neither a setting", "catalog", "export", "catalog.csv", "--apply")]
    public async Task A_word_after_a_commands_file_that_is_no_setting_is_refused_not_passed_over(string expected, params string[] args)
    {
        var (exitCode, output, errors) = await RunAsync([.. args.Select(a => a.EndsWith(".db", StringComparison.Ordinal) || a.EndsWith(".csv", StringComparison.Ordinal) ? Path.Combine(folder, a) : a)]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected, errors);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Now listening", output);
        Assert.Empty(Directory.GetFiles(folder, "copy.db*"));
    }

    [Fact]
    public async Task A_command_after_a_setting_is_refused_rather_than_starting_a_second_shop_on_the_store()
    {
        var copy = Path.Combine(folder, "copy.db");

        var (exitCode, output, errors) = await RunAsync("--Shop:Name", "Corner Shop", "backup", copy);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Put the command first: dotnet ShopWeb.dll backup", errors);
        Assert.DoesNotContain("Now listening", output);
        Assert.False(File.Exists(copy));
    }

    public void Dispose() => TestStore.Delete(folder);

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => AppProcess.RunCommandAsync(folder, port, args);
}
