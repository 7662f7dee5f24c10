namespace ShopWeb.E2E.Infrastructure;

/// <summary>
/// The shop the journeys drive: one instance on SQLite (<see cref="ShopServer"/>), or the farm of two instances on
/// PostgreSQL and Redis behind nginx (<see cref="FarmSite"/>). The journeys are the same for both.
/// </summary>
public interface IShopSite : IDisposable
{
    Uri Address { get; }

    Mailbox Mail { get; }

    /// <summary>
    /// Arranges data straight in the shop's store, through a context of the test's own (the pages that would make it
    /// may belong to another journey). Only for data no cached page shows yet, such as a new product: nothing is evicted.
    /// </summary>
    Task<T> WithStoreAsync<T>(Func<ShopWeb.Data.ShopDbContext, Task<T>> work);

    /// <summary>The shop stopped and started again on the same data, as after a redeploy; its address may change.</summary>
    IShopSite Restarted();
}
