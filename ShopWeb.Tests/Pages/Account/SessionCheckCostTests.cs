using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

/// <summary>A signed-in request reads its session from the cache: no database query per request.</summary>
public sealed class SessionCheckCostTests : IDisposable
{
    private readonly CommandCounter counter = new();
    private readonly ShopFactory factory;

    public SessionCheckCostTests() =>
        factory = new ShopFactory(settings: null, services: services => ShopFactory.AddStoreInterceptor(services, counter));

    [Fact]
    public async Task A_signed_in_page_that_needs_no_data_runs_no_query()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
        await browser.GetAsync("/account/access-denied"); // warm: the first request after sign-in may fill the cache

        var before = counter.Count;
        var page = await browser.GetAsync("/account/access-denied");

        Assert.True(page.IsSignedIn());
        Assert.Equal(before, counter.Count);
    }

    public void Dispose() => factory.Dispose();

    /// <summary>Counts the commands run for a request: background work, such as the instance's status beat, runs outside any.</summary>
    private sealed class CommandCounter : DbCommandInterceptor
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
}
