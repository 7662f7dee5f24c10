using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Counts the store commands a shop runs for requests (<c>ShopFactory.AddStoreInterceptor(services, counter)</c>): background
/// work, such as the instance's status beat, runs outside any request and is not counted.
/// </summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountIfInRequest();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CountIfInRequest();
        return base.ReaderExecuting(command, eventData, result);
    }

    private void CountIfInRequest()
    {
        if (new HttpContextAccessor().HttpContext is not null) // the accessor's current request is process-wide (an AsyncLocal)
        {
            Interlocked.Increment(ref count);
        }
    }
}
