namespace ShopWeb.E2E.Infrastructure;

/// <summary>
/// The shop the journeys drive: one instance on SQLite (<see cref="ShopServer"/>), or the farm of two instances on
/// PostgreSQL and Redis behind nginx (<see cref="FarmSite"/>). The journeys are the same for both.
/// </summary>
public interface IShopSite : IDisposable
{
    Uri Address { get; }

    Mailbox Mail { get; }

    /// <summary>The shop stopped and started again on the same data, as after a redeploy; its address may change.</summary>
    IShopSite Restarted();
}
