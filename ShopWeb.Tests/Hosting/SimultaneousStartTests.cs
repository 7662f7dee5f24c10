using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// Instances of a farm start together on an empty store: migrations, the demo catalog and the admin bootstrap take
/// turns, so every instance comes up and each thing exists once.
/// </summary>
public sealed class SimultaneousStartTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-together-").FullName;

    [Fact]
    public async Task Two_instances_started_at_once_on_an_empty_store_both_come_up_with_one_demo_catalog_and_one_admin()
    {
        var store = TestStore.For(folder);
        var ports = new[] { AppProcess.FreePort(), AppProcess.FreePort() };

        var instances = ports.Select(port => AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, port)).ToList();
        try
        {
            foreach (var (instance, port) in instances.Zip(ports))
            {
                await instance.WaitUntilListeningAsync();
                using var visitor = ShopBrowser.Over(new Uri($"http://127.0.0.1:{port}/"));
                Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/health/ready")).Status);
                Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/products")).Status);
                Assert.Equal("", instance.Errors);
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }

        Assert.Equal([6L], await CountAsync(store, """SELECT COUNT(*) FROM "Categories" """));
        Assert.Equal([66L], await CountAsync(store, """SELECT COUNT(*) FROM "Products" """));
        Assert.Equal([1L], await CountAsync(store, """SELECT COUNT(*) FROM "AspNetRoles" WHERE "Name" = 'Admin'"""));
        Assert.Equal([1L], await CountAsync(store, """
            SELECT COUNT(*) FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" WHERE r."Name" = 'Admin'
            """));
        Assert.Equal([1L], await CountAsync(store, $"""SELECT COUNT(*) FROM "AspNetUsers" WHERE "Email" = '{ShopFactory.AdminEmail}'"""));
    }

    public void Dispose() => TestStore.Delete(folder);

    private static Task<List<long>> CountAsync(TestStore store, string sql) =>
        store.QueryAsync(sql, r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
}
