using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Checks what must hold before the shop takes requests. A problem stops start-up with one line per problem on
/// standard error, naming the setting, rather than a stack trace an operator has to read.
/// </summary>
internal static class StartupReport
{
    public static bool ConfigurationIsValid(IServiceProvider services)
    {
        var problems = new List<string>();
        Collect<ShopOptions>(services, problems);
        Collect<DatabaseOptions>(services, problems);
        Collect<Email.EmailOptions>(services, problems);
        Collect<Identity.AccountOptions>(services, problems);
        Collect<Identity.RateLimitOptions>(services, problems);
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"ShopWeb cannot start: {problem}");
        }

        return problems.Count == 0;
    }

    public static async Task<bool> StorePreparedAsync(WebApplication app)
    {
        var store = app.Services.GetRequiredService<ShopStore>();
        try
        {
            await store.PrepareAsync(app.Services);
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"ShopWeb cannot start: the store at '{store.DataSource}' cannot be opened ({ex.Message}).");
            return false;
        }
    }

    private static void Collect<TOptions>(IServiceProvider services, List<string> problems)
        where TOptions : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // Binding failures (say "maybe" for a boolean) name the key and the value in their message.
            problems.Add(ex.Message);
        }
    }
}
