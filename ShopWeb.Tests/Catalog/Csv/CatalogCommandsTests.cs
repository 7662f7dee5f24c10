using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Csv;

/// <summary><c>dotnet ShopWeb.dll catalog export FILE</c> and <c>catalog import FILE [--apply]</c>, run as an operator runs them, beside the shop.</summary>
public sealed class CatalogCommandsTests(ShopFactory factory) : IClassFixture<ShopFactory>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-catalog-csv-").FullName;

    [Fact]
    public async Task The_command_exports_the_catalog_and_an_import_of_it_changes_nothing_while_a_changed_copy_is_applied()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductWithOptionsAsync(category, "Cotton T-shirt");
        var file = Path.Combine(folder, "catalog.csv");

        var export = await RunAsync("catalog", "export", file);

        Assert.Equal((0, ""), (export.ExitCode, export.Errors));
        var variants = await factory.WithDbAsync(db => db.ProductVariants.CountAsync());
        Assert.Equal($"Exported {variants:N0} variants to {file}.", Assert.Single(Lines(export.Output)));
        var preview = await RunAsync("catalog", "import", file);
        Assert.Equal((0, ""), (preview.ExitCode, preview.Errors));
        Assert.StartsWith($"Preview of {file}: {variants:N0} rows: 0 to add, 0 to change", Assert.Single(Lines(preview.Output)));
        var same = await RunAsync("catalog", "import", file, "--apply");
        Assert.StartsWith($"Nothing to import from {file}", Assert.Single(Lines(same.Output)));

        var changed = Path.Combine(folder, "changed.csv");
        var text = await File.ReadAllTextAsync(file);
        var sku = product.Variants[0].Sku;
        await File.WriteAllTextAsync(changed, string.Join("\r\n", text.Split("\r\n").Select(l => l.StartsWith(sku + ",", StringComparison.Ordinal) ? ReplaceStock(l, "42") : l)));
        var applied = await RunAsync("catalog", "import", changed, "--apply");

        Assert.Equal((0, ""), (applied.ExitCode, applied.Errors));
        Assert.StartsWith($"Imported {changed}: {variants:N0} rows: 0 added, 1 changed", Assert.Single(Lines(applied.Output)));
        Assert.Equal(42, await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Sku == sku).Select(v => v.Stock).SingleAsync()));
        Assert.Single(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "catalog.import" && a.EntityId == "changed.csv").ToListAsync()));
    }

    [Fact]
    public async Task The_export_needs_no_public_address_as_backup_does_not_a_csv_holds_no_links()
    {
        await factory.CreateCategoryAsync(); // the shop has started on its store
        var file = Path.Combine(folder, "no-public-url.csv");
        var settings = AppProcess.ShopEnvironment(factory.Folder, AppProcess.FreePort());
        settings["Shop__PublicUrl"] = ""; // left out

        await using var command = AppProcess.Start(RepoPaths.BuiltAppDll, factory.Folder, settings, "catalog", "export", file);

        Assert.Equal((0, ""), (await command.WaitForExitAsync(), command.Errors));
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task The_commands_run_in_Development_as_dotnet_run_starts_them_and_take_an_absolute_path_as_a_settings_value()
    {
        await factory.CreateCategoryAsync(); // the shop has started on its store
        var file = Path.Combine(folder, "development.csv");
        var settings = AppProcess.ShopEnvironment(factory.Folder, AppProcess.FreePort());
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";

        await using var command = AppProcess.Start(RepoPaths.BuiltAppDll, factory.Folder, settings, "catalog", "export", file, "--contentRoot", factory.Folder);

        Assert.Equal((0, ""), (await command.WaitForExitAsync(), command.Errors));
        Assert.StartsWith("sku,", File.ReadLines(file).First());
    }

    [Fact]
    public async Task The_command_refuses_a_missing_file_in_one_line_and_a_bad_file_with_one_line_per_problem()
    {
        await factory.CreateCategoryAsync(); // the shop has started on its store
        var missing = Path.Combine(folder, "missing.csv");
        var bad = Path.Combine(folder, "bad.csv");
        await File.WriteAllTextAsync(bad, "sku,product_slug,product_name,category,product_price\r\nA-1,a-1,A,no-such-category,12.999\r\n");
        var existing = Path.Combine(folder, "existing.csv");
        await File.WriteAllTextAsync(existing, "");

        var noFile = await RunAsync("catalog", "import", missing);
        var badFile = await RunAsync("catalog", "import", bad, "--apply");
        var overwrite = await RunAsync("catalog", "export", existing);
        var unnamed = await RunAsync("catalog", "export");
        var noFolder = await RunAsync("catalog", "export", Path.Combine(folder, "nowhere", "catalog.csv"));

        Assert.Equal((1, $"ShopWeb cannot import the catalog: there is no file {missing}."), (noFile.ExitCode, Assert.Single(Lines(noFile.Errors))));
        Assert.Equal(1, badFile.ExitCode);
        Assert.Equal([$"ShopWeb cannot import the catalog: {bad} has 1 problem; nothing was changed.", "line 2, column product_price: use at most 2 decimals, such as 12.90."],
            Lines(badFile.Errors));
        Assert.Equal((1, $"ShopWeb cannot export the catalog: {existing} already exists; an export never overwrites a file, so choose a new name."),
            (overwrite.ExitCode, Assert.Single(Lines(overwrite.Errors))));
        Assert.Equal(2, unnamed.ExitCode);
        Assert.StartsWith("ShopWeb cannot export the catalog: name what to do and the file", Assert.Single(Lines(unnamed.Errors)));
        Assert.Equal((1, $"ShopWeb cannot export the catalog: the folder {Path.Combine(folder, "nowhere")} does not exist."),
            (noFolder.ExitCode, Assert.Single(Lines(noFolder.Errors))));
    }

    [Fact]
    public async Task A_store_that_is_not_there_is_named_not_a_SQLite_error()
    {
        var store = Path.Combine(folder, "no-store-here", "shop.db");

        var (exitCode, _, errors) = await RunAsync("catalog", "export", Path.Combine(folder, "catalog.csv"), "--Database:Provider=Sqlite", $"--ConnectionStrings:Shop=Data Source={store}");

        Assert.Equal((1, $"ShopWeb cannot export the catalog: there is no store at {store}."), (exitCode, Assert.Single(Lines(errors))));
        Assert.False(File.Exists(Path.Combine(folder, "catalog.csv")));
    }

    [Fact]
    public async Task An_import_of_a_device_that_never_ends_stops_at_64_MB_with_its_problem()
    {
        await factory.CreateCategoryAsync(); // the shop has started on its store

        var endless = await RunAsync("catalog", "import", "/dev/zero");

        Assert.Equal(1, endless.ExitCode);
        Assert.Equal(["ShopWeb cannot import the catalog: /dev/zero has 1 problem; nothing was changed.", "line 1: the file is larger than 64 MB from this line: split it in parts."],
            Lines(endless.Errors));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string ReplaceStock(string line, string stock)
    {
        // Options and prices hold no commas in this product; stock is the fifth cell from the end.
        var cells = line.Split(',');
        cells[^4] = stock;
        return string.Join(',', cells);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => AppProcess.RunCommandAsync(factory.Folder, AppProcess.FreePort(), args);
}
