using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="Then"/> once, right after the first query whose text holds <paramref name="marker"/> has read its
/// rows: what another request does between a check and the write that follows it, to show the race is handled.
/// </summary>
public sealed class AfterRead(string marker) : DbCommandInterceptor
{
    public Func<Task>? Then { get; set; }

    public bool Fired { get; private set; }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (Then is { } then && command.CommandText.Contains(marker, StringComparison.Ordinal) && !Fired)
        {
            Fired = true;
            await then();
        }

        return result;
    }
}
