using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Configuration;

/// <summary>A wrong setting stops the real app process with one line naming the key, and no stack trace.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-config-");

    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database:Provider 'Oracle' is not supported; allowed values: Sqlite, Postgres")]
    [InlineData("Database__MigrateOnStartup", "maybe", "Database:MigrateOnStartup 'maybe' is not true or false.")]
    [InlineData("Shop__Currency", "EURO", "Shop:Currency 'EURO' is not an ISO 4217 currency code")]
    [InlineData("Shop__Name", " ", "Shop:Name must be between 1 and 100 characters")]
    [InlineData("Shop__Shipping__StandardFee", "-1", "Shop:Shipping:StandardFee -1 must be an amount from 0 to 100000")]
    [InlineData("Shop__Shipping__ExpressFee", "9.999", "Shop:Shipping:ExpressFee 9.999 must be an amount from 0 to 100000 in whole cents")]
    [InlineData("Shop__Shipping__FreeFrom", "lots", "Shop:Shipping:FreeFrom 'lots' is not a number")]
    [InlineData("ConnectionStrings__Shop", "Data Source=x.db;Cache=Shared", "ConnectionStrings:Shop must not use Cache=Shared")]
    [InlineData("Shop__PublicUrl", "", "Shop:PublicUrl must be set outside Development")]
    [InlineData("Shop__PublicUrl", "shop.example", "Shop:PublicUrl 'shop.example' is not an absolute http or https URL")]
    [InlineData("Seed__DemoCatalogSize", "100001", "Seed:DemoCatalogSize 100001 must be a whole number from 66 to 100000")]
    [InlineData("Seed__DemoCatalogSize", "10", "Seed:DemoCatalogSize 10 must be a whole number from 66 to 100000")]
    [InlineData("Seed__DemoCatalogSize", "lots", "Seed:DemoCatalogSize 'lots' is not a whole number.")]
    [InlineData("Identity__SessionMaxDays", "0", "Identity:SessionMaxDays must be a number of days from 1 to 3650")]
    [InlineData("Payments__Provider", "Paypal", "Payments:Provider 'Paypal' is not one of None, Test, Stripe.")]
    [InlineData("Email__From", "notanemail", "Email:From 'notanemail' is not an email address")]
    [InlineData("Shop__TaxRatePercent", "abc", "Shop:TaxRatePercent 'abc' is not a number")]
    [InlineData("Payments__HoldMinutes", "abc", "Payments:HoldMinutes 'abc' is not a whole number.")]
    [InlineData("Identity__ActivityRetentionDays", "-1", "Identity:ActivityRetentionDays must be a number of days from 1 to 3650")]
    [InlineData("Identity__ActivityRetentionDays", "2147483647", "Identity:ActivityRetentionDays must be a number of days from 1 to 3650")]
    [InlineData("Uploads__Path", "/proc/shopweb-uploads", "Uploads:Path '/proc/shopweb-uploads' cannot be written by the shop")]
    [InlineData("Email__PickupDirectory", "/proc/shopweb-mail", "Email:PickupDirectory '/proc/shopweb-mail' cannot be written by the shop")]
    [InlineData("Shop__InstanceName", "café", "Shop:InstanceName must be at most 64 ASCII letters")]
    [InlineData("Identity__PasskeyServerDomain", "https://shop.example/", "Identity:PasskeyServerDomain must be the shop's domain alone")]
    [InlineData("Email__Smtp__Host", "bad host!", "Email:Smtp:Host 'bad host!' is not a host name or an IP address")]
    [InlineData("DataProtection__CertificatePath", "/nonexistent/keys.pfx", "DataProtection:CertificatePath '/nonexistent/keys.pfx' cannot be used to encrypt the data-protection keys")]
    [InlineData("DataProtection__KeyPath", "/nonexistent/keys.key", "DataProtection:KeyPath is set without DataProtection:CertificatePath")]
    [InlineData("Carts__GuestDays", "0", "Carts:GuestDays 0 must be a number of days from 1 to 3650")]
    [InlineData("Carts__NewGuestCartsPerHour", "0", "Carts:NewGuestCartsPerHour 0 must be a positive number")]
    [InlineData("Orders__UnpaidDays", "366", "Orders:UnpaidDays 366 must be a number of days from 1 to 365")]
    [InlineData("ConnectionStrings__Shop", "Flavour=strawberry", "ConnectionStrings:Shop is not a valid SQLite connection string")]
    [InlineData("ConnectionStrings__Shop", "Data Source=shop.db", "ConnectionStrings:Shop is not a valid PostgreSQL connection string", "Postgres")]
    [InlineData("ConnectionStrings__Shop", "Host=db.example", "ConnectionStrings:Shop must name a host and a database", "Postgres")]
    [InlineData("OutputCache__Enabled", "maybe", "OutputCache:Enabled 'maybe' is not true or false.")]
    [InlineData("Sitemap__ProductsPerFile", "0", "Sitemap:ProductsPerFile 0 must be a whole number from 1 to 50000")]
    [InlineData("Api__RateLimits__RequestsPerMinute", "0", "Api:RateLimits:RequestsPerMinute must be a positive number")]
    [InlineData("Metrics__Port", "abc", "Metrics:Port 'abc' is not a whole number.")]
    [InlineData("Metrics__Port", "-1", "Metrics:Port must be a port from 1 to 65535, not -1")]
    [InlineData("Metrics__Port", "70000", "Metrics:Port must be a port from 1 to 65535, not 70000")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4318' is not the address of an OTLP collector")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "notaurl", "OTEL_EXPORTER_OTLP_ENDPOINT 'notaurl' is not the address of an OTLP collector")]
    [InlineData("Metrics__Host", "not a host!", "Metrics:Host 'not a host!' is not a host name or an IP address")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "notanip", "ForwardedHeaders:KnownProxies: 'notanip' is not an IP address")]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks: '10.0.0.0/99' is not a network")]
    [InlineData("Logging__LogLevel__Default", "Loud", "Logging:LogLevel:Default 'Loud' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None.")]
    [InlineData("Logging__Console__LogLevel__Microsoft", "verbose", "Logging:Console:LogLevel:Microsoft 'verbose' is not a log level")]
    [InlineData("Redis__Configuration", "127.0.0.1:notaport", "Redis:Configuration is not a StackExchange.Redis connection string")]
    [InlineData("Redis__Configuration", ",,,=", "Redis:Configuration is not a StackExchange.Redis connection string")]
    [InlineData("Redis__Configuration", "127.0.0.1:6379,=x", "Redis:Configuration is not a StackExchange.Redis connection string")]
    public async Task A_wrong_value_stops_start_up_with_one_line_naming_the_key(string variable, string value, string expected, string provider = "Sqlite")
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            [variable] = value,
            ["ConnectionStrings__Shop"] = variable == "ConnectionStrings__Shop" ? value : $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Database__Provider"] = variable == "Database__Provider" ? value : provider,
        }, "--urls", "http://127.0.0.1:0");

        var exitCode = await app.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ShopWeb cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", app.Output + app.Errors);
        Assert.False(File.Exists(Path.Combine(folder.FullName, "shop.db")), "nothing is written before the settings are known to be right");
    }

    /// <summary>Refused by the rules every account's password meets, and before the store is touched: not once the shop listens.</summary>
    [Theory]
    [InlineData("short", "Use at least 8 characters.")]
    [InlineData("password123", "This password is one of the most common passwords. Choose another.")]
    [InlineData("Admin@Shop.test", "Your password cannot be your email address.")]
    public async Task An_admin_password_the_account_rules_refuse_stops_start_up_with_one_line(string password, string expected)
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Admin__Email"] = "admin@shop.test",
            ["Admin__Password"] = password,
        }, "--urls", "http://127.0.0.1:0");

        var exitCode = await app.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"ShopWeb cannot start: Admin:Password is refused by the shop's password rules: {expected}", line);
        Assert.DoesNotContain("Now listening", app.Output);
        Assert.False(File.Exists(Path.Combine(folder.FullName, "shop.db")), "nothing is written before the settings are known to be right");
    }

    [Theory]
    [InlineData("JPY", "4.90", "Shop:Shipping:StandardFee 4.90 must be an amount from 0 to 100000 with no decimals, as JPY has none.")]
    [InlineData("KWD", "1.2345", "Shop:Shipping:StandardFee 1.2345 must be an amount from 0 to 100000 with at most 3 decimals, as KWD has.")]
    public async Task A_shipping_fee_the_shops_currency_cannot_hold_exactly_stops_start_up(string currency, string fee, string expected)
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Shop__Currency"] = currency,
            ["Shop__Shipping__StandardFee"] = fee,
            ["Shop__Shipping__ExpressFee"] = "900",
            ["Shop__Shipping__FreeFrom"] = "5000",
        }, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, await app.WaitForExitAsync());
        Assert.Equal("ShopWeb cannot start: " + expected, Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
    }

    [Theory]
    [InlineData(null, "whsec_x", null, "Payments:Stripe:SecretKey is required for Provider Stripe")]
    [InlineData("sk_test_x", null, null, "Payments:Stripe:WebhookSecret is required for Provider Stripe")]
    [InlineData("pk_test_x", "whsec_x", null, "Payments:Stripe:SecretKey is not a secret key: use sk_live_…, sk_test_… or a restricted rk_… key, never the publishable pk_… one.")]
    [InlineData("sk_test_x", "whsec_x", "stripe.internal", "Payments:Stripe:ApiBase 'stripe.internal' is not an absolute http or https URL")]
    [InlineData("sk_test_x", "nothook", null, "Payments:Stripe:WebhookSecret is not a webhook signing secret")]
    public async Task A_Stripe_shop_without_its_keys_stops_start_up_with_one_line_naming_the_key(string? secretKey, string? webhookSecret, string? apiBase, string expected)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Payments__Provider"] = "Stripe",
        };
        foreach (var (key, value) in new[] { ("SecretKey", secretKey), ("WebhookSecret", webhookSecret), ("ApiBase", apiBase) })
        {
            if (value is not null)
            {
                settings["Payments__Stripe__" + key] = value;
            }
        }

        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, settings, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, await app.WaitForExitAsync());
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ShopWeb cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", app.Output + app.Errors);
    }

    [Fact]
    public async Task A_Stripe_shop_priced_in_cents_of_a_currency_Stripe_takes_whole_stops_start_up()
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Shop__Currency"] = "MGA", // two decimals in ISO 4217, none at Stripe: 4.90 could never be paid
            ["Payments__Provider"] = "Stripe",
            ["Payments__Stripe__SecretKey"] = "sk_test_x",
            ["Payments__Stripe__WebhookSecret"] = "whsec_x",
        }, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, await app.WaitForExitAsync());
        Assert.Equal("ShopWeb cannot start: Payments:Provider Stripe takes MGA in whole units only, but the shop prices it with decimals: choose another Shop:Currency or another way to pay.",
            Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
    }

    [Fact]
    public async Task A_bank_transfer_switched_on_without_an_account_to_pay_into_is_warned_of_at_start()
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
        }, "--urls", "http://127.0.0.1:0");

        await app.WaitUntilListeningAsync();

        Assert.Contains("Payments:BankTransfer is on but Payments:BankTransferTo is not set: bank transfer is not offered", app.Output);
    }

    [Fact]
    public async Task A_metrics_port_in_use_stops_start_up_with_one_line_naming_it()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Metrics__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, await app.WaitForExitAsync());
        Assert.Equal($"ShopWeb cannot start: Metrics:Port {port} is already in use on this machine.", Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
        Assert.DoesNotContain("   at ", app.Output + app.Errors);
    }

    [Fact]
    public async Task A_metrics_host_this_machine_cannot_listen_on_stops_start_up_with_one_line_naming_it()
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Metrics__Port"] = AppProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Metrics__Host"] = "192.0.2.1", // TEST-NET-1: never an address of this machine
        }, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, await app.WaitForExitAsync());
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ShopWeb cannot start: Metrics:Host '192.0.2.1' cannot be listened on with Metrics:Port ", line);
        Assert.DoesNotContain("   at ", app.Output + app.Errors);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_port_in_use_stops_start_up_with_one_line_before_the_store_is_touched(string host)
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, AppProcess.FreePort());
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var store = Path.Combine(folder.FullName, "shop.db");
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={store}",
        }, "--urls", $"http://{host}:{port}");

        Assert.Equal(1, await app.WaitForExitAsync());
        Assert.Equal(
            $"ShopWeb cannot start: --urls (or ASPNETCORE_URLS) 'http://{host}:{port}': port {port} is already in use on this machine; stop what listens there or choose another port.",
            Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
        Assert.DoesNotContain("   at ", app.Output + app.Errors);
        Assert.False(File.Exists(store), "a start that cannot listen made a store");
    }

    /// <summary>
    /// Kestrel's own start: one line on standard error, exit 1. The host's log (standard output) keeps the exception,
    /// for whoever runs the shop to read.
    /// </summary>
    [Theory]
    [InlineData("notaurl", "ShopWeb cannot start: --urls (or ASPNETCORE_URLS) 'notaurl' cannot be listened on (Invalid url: 'notaurl'); give addresses such as http://127.0.0.1:5000, separated by ';'.")]
    [InlineData("bad-port", "ShopWeb cannot start: --urls (or ASPNETCORE_URLS) 'http://127.0.0.1:99999' cannot be listened on (")]
    [InlineData("no-content-root", "ShopWeb cannot start: the content root is not a folder (")]
    public async Task An_address_or_folder_on_the_command_line_that_cannot_be_used_stops_start_up_with_one_line(string what, string expected)
    {
        string[] arguments = what switch
        {
            "notaurl" => ["--urls", "notaurl"],
            "bad-port" => ["--urls", "http://127.0.0.1:99999"],
            _ => ["--urls", "http://127.0.0.1:0", "--contentRoot", Path.Combine(folder.FullName, "no-such-folder")],
        };
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
        }, arguments);

        Assert.Equal(1, await app.WaitForExitAsync());
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", app.Errors);
    }

    [Fact]
    public async Task A_PostgreSQL_server_that_does_not_answer_stops_start_up_with_one_line_naming_it()
    {
        var port = AppProcess.FreePort();
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Shop"] = $"Host=127.0.0.1;Port={port};Database=shop;Username=shop;Password=secret",
        }, "--urls", "http://127.0.0.1:0");

        var exitCode = await app.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ShopWeb cannot start: the store at 'shop on 127.0.0.1:{port}' cannot be opened (", line);
        Assert.DoesNotContain("secret", app.Output + app.Errors);
        Assert.DoesNotContain("   at ", app.Errors);
    }

    [Fact]
    public async Task A_store_from_a_newer_version_stops_start_up_with_one_line_and_is_left_as_it_was()
    {
        // A release rolled back over its store: the history names a migration this version does not have.
        var store = Path.Combine(folder.FullName, "shop.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('29991231000000_FromTheFuture', '10.0.0');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={store}",
        }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, await app.WaitForExitAsync());
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("comes from a newer ShopWeb or another app: this version does not know its migration 29991231000000_FromTheFuture", line);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=false");
        await check.OpenAsync();
        await using var tables = check.CreateCommand();
        tables.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'";
        Assert.Equal("__EFMigrationsHistory", await tables.ExecuteScalarAsync()); // nothing migrated into it
    }

    public void Dispose() => folder.Delete(recursive: true);
}
