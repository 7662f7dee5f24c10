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
    private readonly bool ownsFolder;

    /// <param name="folder">The store and mail folder of an earlier server, to restart the shop on the same data.</param>
    public ShopServer(string? folder = null)
    {
        ownsFolder = folder is null;
        Folder = folder ?? Directory.CreateTempSubdirectory("shopweb-e2e-").FullName;

        // The port is chosen before start, because Shop:PublicUrl (the base of emailed links) must name it.
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    private readonly int port;

    public const string AdminEmail = "admin@shop.test";
    public const string AdminPassword = "the admin's own passphrase";

    public string Folder { get; }

    public string MailFolder => Path.Combine(Folder, "mail");

    public Uri Address { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
    }

    public string SubjectOfLatestEmail(string to) => LatestEmailTo(to).Subject ?? "";

    /// <summary>The link labelled <paramref name="linkText"/> in the newest email to <paramref name="to"/>.</summary>
    public string LinkInLatestEmail(string to, string linkText)
    {
        var line = (LatestEmailTo(to).TextBody ?? "").Split('\n').Single(l => l.StartsWith(linkText + ": ", StringComparison.Ordinal));
        return line[(linkText.Length + 2)..].Trim();
    }

    /// <summary>The newest message to <paramref name="to"/>, once the shop's outbox has sent what it holds (at most 10 s).</summary>
    private MimeKit.MimeMessage LatestEmailTo(string to)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Folder, "shop.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var pending = connection.CreateCommand();
        pending.CommandText = "SELECT COUNT(*) FROM OutboxEmails WHERE Status = 0 AND (Attempts = 0 OR ClaimedUntil IS NOT NULL)";
        while (Convert.ToInt64(pending.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return Directory.GetFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal)
            .Select(file => MimeKit.MimeMessage.Load(file))
            .Last(m => m.To.Mailboxes.Any(box => box.Address == to));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Shop"] = $"Data Source={Path.Combine(Folder, "shop.db")}",
            ["Email:PickupDirectory"] = MailFolder,
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Uploads:Path"] = Path.Combine(Folder, "uploads"),
            ["Shop:PublicUrl"] = $"http://127.0.0.1:{port}/",
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsFolder && Directory.Exists(Folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
