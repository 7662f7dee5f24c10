using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Admin.Instances;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Admin.Instances;

/// <summary>
/// Each instance publishes its status every 5 s: its oldest order awaiting card payment is read from an index, not by
/// a scan and sort of every order the shop ever took.
/// </summary>
public sealed class InstanceStatusIndexTests : IDisposable
{
    private readonly QueryRecorder recorder = new();
    private readonly ShopFactory factory;

    public InstanceStatusIndexTests() =>
        factory = new ShopFactory(settings: null, services: services => ShopFactory.AddStoreInterceptor(services, recorder));

    [SqliteOnlyFact("it reads SQLite's query plans")]
    public async Task The_oldest_order_awaiting_card_payment_is_read_from_an_index()
    {
        recorder.Clear();
        await factory.Services.GetRequiredService<InstanceStatusPublisher>().PublishAsync(CancellationToken.None);

        var query = recorder.Commands.First(c => c.Sql.Contains("FROM \"Orders\"", StringComparison.Ordinal) && c.Sql.Contains("\"Payment\"", StringComparison.Ordinal));
        var plan = await query.PlanAsync(factory.DatabasePath);
        Assert.Contains(plan, step => step.Contains("USING INDEX IX_Orders_Status_Payment_PlacedAt", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    public void Dispose() => factory.Dispose();
}
