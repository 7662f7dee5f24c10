using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Scaling;

namespace ShopWeb.Catalog.Csv;

/// <summary>
/// <c>catalog export FILE</c> and <c>catalog import FILE [--apply]</c>, run in place of the shop with its own
/// configuration (settings, environment variables and the arguments after FILE), as <c>backup</c> and <c>restore</c>
/// are. A problem that stops a command is one line, with exit code 1 (2 for a mistake in the command itself); an import
/// prints its preview, then one line per problem in the file, and exits 1 when the file has any.
/// </summary>
internal static class CatalogCommands
{
    public static bool Handles(string[] args) => args is ["catalog", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.ElementAtOrDefault(1);
        var failure = verb switch
        {
            "import" => "ShopWeb cannot import the catalog",
            "export" => "ShopWeb cannot export the catalog",
            _ => "ShopWeb cannot run the catalog command",
        };
        if (verb is not ("export" or "import") || args is not [_, _, var file, ..] || file.StartsWith('-'))
        {
            Console.Error.WriteLine($"{failure}: name what to do and the file, as in 'dotnet ShopWeb.dll catalog export catalog.csv' or 'catalog import catalog.csv --apply'.");
            return 2;
        }

        var apply = verb == "import" && args.Skip(3).Contains("--apply");
        string[] settings = [.. args.Skip(3).Where(a => !(apply && a == "--apply"))];
        if (ShopCommandLine.NotASetting(settings) is { } stray)
        {
            Console.Error.WriteLine($"{failure}: {stray}");
            return 2;
        }

        try
        {
            await using var app = Build(settings);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<ShopStore>();
            if (store.IsFile && !File.Exists(store.DataSource))
            {
                throw new StoreCommandException($"there is no store at {store.DataSource}.");
            }

            try
            {
                if (await ShopStore.HasPendingMigrationsAsync(db))
                {
                    throw new StoreCommandException("the store is not up to date: start the shop once (it applies its migrations), then try again.");
                }
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException || ex.InnerException is System.Data.Common.DbException)
            {
                // EF's "likely due to a transient failure" names neither the server nor what it said.
                throw new StoreCommandException($"the store at '{store.DataSource}' cannot be opened ({(ex as System.Data.Common.DbException ?? ex.InnerException!).Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')}).");
            }

            return verb == "export" ? await ExportAsync(scope.ServiceProvider, Path.GetFullPath(file)) : await ImportAsync(scope.ServiceProvider, Path.GetFullPath(file), apply);
        }
        catch (Exception ex) when (ex is StoreCommandException or IOException or UnauthorizedAccessException or SqliteException or DbUpdateException
            or OptionsValidationException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{failure}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    /// <summary>The shop's store, catalog and shared state (so an import evicts a shared page cache), without its web server.</summary>
    private static WebApplication Build(string[] settings)
    {
        var builder = ShopHost.CreateBuilder(settings);
        builder.Logging.ClearProviders();

        // Only the store and the catalog: the web part some of their registrations name (page links, image uploads, the
        // page cache's compression) is never asked for here, so it is not checked for at build, as Development would.
        builder.Host.UseDefaultServiceProvider(options => (options.ValidateOnBuild, options.ValidateScopes) = (false, false));
        if (string.IsNullOrWhiteSpace(builder.Configuration["Shop:PublicUrl"]))
        {
            // A CSV holds no links: the command takes the settings backup takes, without the shop's public address.
            builder.Configuration.AddInMemoryCollection([new("Shop:PublicUrl", "http://localhost/")]);
        }

        builder.AddShopOptions();
        builder.AddShopData();
        builder.AddShopSharedState();
        builder.AddShopCatalog();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder.Build();
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string target)
    {
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new StoreCommandException($"{target} already exists; an export never overwrites a file, so choose a new name.");
        }

        if (Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
        {
            throw new StoreCommandException($"the folder {folder} does not exist.");
        }

        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var output = File.Create(partial))
            {
                await services.GetRequiredService<CatalogCsvExport>().WriteAsync(output);
            }

            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }

        var variants = await services.GetRequiredService<ShopDbContext>().ProductVariants.CountAsync();
        Console.WriteLine($"Exported {variants:N0} variants to {target}.");
        return 0;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string source, bool apply)
    {
        if (!File.Exists(source))
        {
            throw new StoreCommandException($"there is no file {source}.");
        }

        var import = services.GetRequiredService<CatalogCsvImport>();
        var clock = services.GetRequiredService<TimeProvider>();
        var db = services.GetRequiredService<ShopDbContext>();
        await using var file = File.OpenRead(source);
        var result = apply
            ? await import.ApplyAsync(file, r => db.AuditEntries.Add(new AuditEntry
            {
                At = clock.GetUtcNow(),
                ActorId = "command",
                ActorEmail = "catalog import (command line)",
                Action = "catalog.import",
                EntityType = "Catalog",
                EntityId = Path.GetFileName(source),
                After = Admin.AdminAudit.ToJson(r.Audit),
            }))
            : await import.PreviewAsync(file);
        if (!result.IsValid)
        {
            Console.Error.WriteLine($"ShopWeb cannot import the catalog: {source} has {result.ProblemsSaid}; nothing was changed.");
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine(problem);
            }

            return 1;
        }

        Console.WriteLine(result.Applied ? $"Imported {source}: {result.Summary}."
            : apply ? $"Nothing to import from {source}: {result.Summary}."
            : $"Preview of {source}: {result.Summary}. Nothing was changed: add --apply to import it.");
        return 0;
    }
}
