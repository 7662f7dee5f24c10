using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopWeb.Data.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000, which SQLite keeps like any other character: a NUL typed into any field, search
/// box or address would fail the statement, and so the request. Each becomes U+FFFD, the character a decoder puts for
/// one it cannot represent, so such input is stored and looked up as it is on SQLite, one odd character included.
/// </summary>
internal sealed class PostgresTextParameters : DbCommandInterceptor
{
    public static readonly PostgresTextParameters Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = parameter.Value switch
            {
                string text when text.Contains('\0') => Replaced(text),
                IEnumerable<string?> texts when texts.Any(t => t?.Contains('\0') == true) => texts.Select(t => t is null ? null : Replaced(t)).ToArray(),
                var other => other,
            };
        }
    }

    private static string Replaced(string text) => text.Replace('\0', '\uFFFD');
}
