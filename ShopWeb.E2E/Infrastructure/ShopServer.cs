using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>
/// The real app on real Kestrel, listening over TCP on 127.0.0.1 at a port the OS picks, with its own SQLite
/// file and mail folder given through the same configuration keys an operator uses.
/// </summary>
public sealed class ShopServer : WebApplicationFactory<Program>
{
    public ShopServer()
    {
        Folder = Directory.CreateTempSubdirectory("shopweb-e2e-").FullName;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string Folder { get; }

    public string MailFolder => Path.Combine(Folder, "mail");

    public Uri Address { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Shop"] = $"Data Source={Path.Combine(Folder, "shop.db")}",
            ["Email:PickupDirectory"] = MailFolder,
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
