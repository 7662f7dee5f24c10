using System.Net;
using Npgsql;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// The shop as several machines run it: two instances on PostgreSQL and Redis behind nginx (deploy/farm.sh).
/// Each test checks the X-Instance header to know both instances took part.
/// </summary>
public sealed partial class FarmTests(FarmTests.ShopFarm farm) : IClassFixture<FarmTests.ShopFarm>
{
    /// <summary>The farm with the test admin, and without email confirmation, so that these tests sign in at once.</summary>
    public sealed class ShopFarm() : Farm(new Dictionary<string, string>
    {
        ["Admin__Email"] = ShopFactory.AdminEmail,
        ["Admin__Password"] = ShopFactory.AdminPassword,
        ["Admin__RequireTwoFactor"] = "false",
        ["Identity__RequireConfirmedEmail"] = "false",

        // Card payments through the Test provider, which a Production shop runs only when allowed (FarmPaymentTests).
        ["Payments__Provider"] = "Test",
        ["Payments__AllowTestProvider"] = "true",
    });

    [FarmFact]
    public async Task Nginx_spreads_requests_over_both_instances()
    {
        using var browser = ShopBrowser.Over(farm.Url);
        var names = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            names.Add(Instance(await browser.Client.GetAsync("/")));
        }

        Assert.Equal(["instance-1", "instance-2"], names.Order());
    }

    [FarmFact]
    public async Task A_restart_takes_the_instances_one_at_a_time_and_no_request_through_nginx_fails_meanwhile()
    {
        using var browser = ShopBrowser.Over(farm.Url);
        using var done = new CancellationTokenSource();
        var answers = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var shopping = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                using var answer = await browser.Client.GetAsync("/products");
                answers.Enqueue((int)answer.StatusCode);
                await Task.Delay(50);
            }
        });

        // A redeploy (Prometheus's counters start again, so not in FarmOperationsTests), run from a shell that has none
        // of the settings the farm was brought up with: the instances still get them.
        farm.Restart(fromAnotherShell: true);
        await done.CancelAsync();
        await shopping;

        Assert.True(answers.Count > 20, $"{answers.Count} requests during the restart");
        Assert.True(answers.All(status => status == 200), $"answers: {string.Join(' ', answers)}; logged:\n{farm.LoggedProblems()}");
        using var newcomer = ShopBrowser.Over(farm.Url);
        Assert.True((await newcomer.RegisterAsync(AccountSteps.NewEmail())).IsSignedIn(), "Identity__RequireConfirmedEmail=false, given at up, still holds");
    }

    [FarmFact]
    public void Status_asks_every_instance_whether_it_is_ready()
    {
        var (output, exit) = farm.Status();

        Assert.Equal(0, exit);
        Assert.Contains("instance 1 is ready", output);
        Assert.Contains("instance 2 is ready", output);
        Assert.Contains("redis answers with the farm's password", output);
    }

    [FarmFact]
    public async Task Two_instances_started_at_once_on_an_empty_database_made_one_demo_catalog_and_one_admin_and_logged_no_failure()
    {
        await using var db = new NpgsqlConnection(farm.Database);
        await db.OpenAsync();
        Assert.Equal(6L, await ScalarAsync(db, "SELECT count(*) FROM \"Categories\" WHERE \"Slug\" IN ('garden','home-living','kitchen','outdoor','stationery','tea-coffee')"));
        Assert.Equal(66L, await ScalarAsync(db, "SELECT count(*) FROM \"Products\" WHERE \"Slug\" NOT LIKE 'farm-%'")); // the other tests' products start with farm-
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" = '{ShopFactory.AdminEmail.ToUpperInvariant()}'"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM \"AspNetRoles\" WHERE \"NormalizedName\" = 'ADMIN'"));

        // And said nothing alarming doing it: EF logged the database the first found missing, and the CREATE DATABASE
        // the second lost to the first, as failures, which an operator's alert on errors would have been woken by.
        Assert.DoesNotContain("fail:", farm.StartLog);
        Assert.DoesNotContain("crit:", farm.StartLog);
    }

    [FarmFact]
    public async Task Two_hundred_checkouts_at_once_for_fifty_in_stock_sell_exactly_fifty_with_no_error()
    {
        using var admin = await AdminAsync(farm.Url);
        var slug = "farm-" + CatalogSteps.Marker();
        await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Farm Lantern " + slug, ["Input.Slug"] = slug, ["Input.Price"] = "9.90", ["Input.CategoryId"] = await CategoryIdAsync(admin),
            ["Input.Stock"] = "50",
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var guest = ShopBrowser.Over(farm.Url);
            var added = await guest.TryAddToCartAsync(slug);
            if (added is null || (int)added.Status >= 500)
            {
                return (Status: added?.Status ?? HttpStatusCode.Gone, Ordered: false, Instance: "");
            }

            var done = await guest.CheckoutAsync(CheckoutSteps.GuestFields($"farm-{i}-{slug}@example.com"));
            return (done.Status, Ordered: done.Heading.StartsWith("Thank you", StringComparison.Ordinal), Instance: Instance(done.Response));
        }));

        var failed = outcomes.Count(o => (int)o.Status >= 500);
        Assert.True(failed == 0, $"{failed} of 200 shoppers were answered with a 5xx; the instances logged:\n{farm.LoggedProblems()}");
        Assert.Equal(50, outcomes.Count(o => o.Ordered));
        Assert.Equal(["instance-1", "instance-2"], outcomes.Where(o => o.Ordered).Select(o => o.Instance).Distinct().Order());
        await using var db = new NpgsqlConnection(farm.Database);
        await db.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(db, $"SELECT sum(v.\"Stock\")::bigint FROM \"ProductVariants\" v JOIN \"Products\" p ON p.\"Id\" = v.\"ProductId\" WHERE p.\"Slug\" = '{slug}'"));
        Assert.Equal(50L, await ScalarAsync(db, $"SELECT coalesce(sum(l.\"Quantity\"), 0)::bigint FROM \"OrderLines\" l JOIN \"Products\" p ON p.\"Id\" = l.\"ProductId\" WHERE p.\"Slug\" = '{slug}'"));
    }

    [FarmFact]
    public async Task A_cookie_copied_before_sign_out_is_refused_by_every_instance_at_its_next_request()
    {
        var jar = new CookieContainer();
        using var browser = new ShopBrowser(new HttpClient(new SocketsHttpHandler { CookieContainer = jar }) { BaseAddress = farm.Url });
        Assert.True((await browser.RegisterAsync(AccountSteps.NewEmail("farm"))).IsSignedIn()); // the farm asks for no confirmation
        var cookie = $"ShopWeb.Auth={jar.GetCookies(farm.Url)["ShopWeb.Auth"]!.Value}";
        var thieves = farm.Instances.Select(instance =>
        {
            var thief = ShopBrowser.Over(instance);
            thief.Client.DefaultRequestHeaders.Add("Cookie", cookie);
            return thief;
        }).ToList();
        foreach (var thief in thieves)
        {
            Assert.Equal("Security", (await thief.GetAsync("/account/security")).Heading);
        }

        await browser.SubmitAsync(await browser.GetAsync("/"), "form[action='/account/logout']", button: "Sign out");

        foreach (var thief in thieves)
        {
            Assert.Equal("Sign in", (await thief.GetAsync("/account/security")).Heading);
            thief.Dispose();
        }
    }

    [FarmFact]
    public async Task A_price_changed_through_one_instance_is_on_the_next_anonymous_page_the_other_serves()
    {
        var (one, other) = (farm.Instances[0], farm.Instances[1]);
        using var admin = await AdminAsync(one);
        var slug = "farm-" + CatalogSteps.Marker();
        await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Farm Jug " + slug, ["Input.Slug"] = slug, ["Input.Price"] = "12.90", ["Input.CategoryId"] = await CategoryIdAsync(admin), ["Input.Stock"] = "5",
        });
        using var visitor = ShopBrowser.Over(other);
        await visitor.GetAsync($"/products/{slug}");
        var cached = await visitor.GetAsync($"/products/{slug}");
        Assert.NotNull(cached.Response.Headers.Age);
        Assert.Equal("instance-2", Instance(cached.Response));

        var id = (await admin.GetAsync($"/admin/products?q={slug}")).Find($"a[href^='/admin/products/edit/']")!.GetAttribute("href")!;
        await admin.SaveProductAsync(id, new() { ["Input.Price"] = "7.25" });

        var after = await visitor.GetAsync($"/products/{slug}");
        Assert.Equal("€7.25", after.Find(".product-detail .price")?.TextContent);
        Assert.Equal("instance-2", Instance(after.Response));
    }

    [FarmFact]
    public async Task The_sign_in_rate_limit_counts_posts_to_both_instances_together()
    {
        // Straight to the instances, from one client address (they trust X-Forwarded-For from this machine).
        var client = $"203.0.113.{Random.Shared.Next(1, 250)}";
        var browsers = farm.Instances.Select(instance =>
        {
            var browser = ShopBrowser.Over(instance);
            browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            return browser;
        }).ToList();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var browser = browsers[i % 2];
            var form = await browser.GetAsync("/account/login");
            answers.Add((await browser.SubmitAsync(form, "#login", new Dictionary<string, string>
            {
                ["Input.Email"] = AccountSteps.NewEmail("nobody"), ["Input.Password"] = "not the password",
            }, button: "Sign in")).Status);
        }

        browsers.ForEach(b => b.Dispose());
        Assert.Equal(10, answers.Count(a => a == HttpStatusCode.OK)); // RateLimits:AccountFormPostsPerMinute's default
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers[10..]);
    }

    [FarmFact]
    public async Task An_image_uploaded_through_one_instance_is_served_by_the_other()
    {
        using var admin = await AdminAsync(farm.Instances[0]);
        var slug = "farm-" + CatalogSteps.Marker();
        await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Farm Lamp " + slug, ["Input.Slug"] = slug, ["Input.Price"] = "24.50", ["Input.CategoryId"] = await CategoryIdAsync(admin), ["Input.Stock"] = "3",
        }, ("lamp.png", AdminSteps.TinyPng));
        using var visitor = ShopBrowser.Over(farm.Instances[1]);
        var image = (await visitor.GetAsync($"/products/{slug}")).Find(".product-detail img")?.GetAttribute("src");
        Assert.StartsWith("/media/", image);

        var response = await visitor.Client.GetAsync(image);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("instance-2", Instance(response));
        Assert.Equal(AdminSteps.TinyPng, await response.Content.ReadAsByteArrayAsync());
    }

    [FarmFact]
    public async Task A_catalog_file_of_several_megabytes_reaches_the_shops_import_through_nginx()
    {
        using var admin = await AdminAsync(farm.Url);
        var header = (await admin.ExportCatalogAsync()).Split('\n')[0];

        // 4 MB, past the 3 MB nginx takes for the shop's other forms: one cell too long, which only the shop reports.
        var preview = await admin.PreviewImportAsync(header + "\n\"" + new string('x', 4 * 1024 * 1024) + "\"\n");

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("the line is longer than 1 MB of text", preview.Find("#problems")?.TextContent);
    }

    internal static async Task<ShopBrowser> AdminAsync(Uri address)
    {
        var admin = ShopBrowser.Over(address);
        Assert.True((await admin.SignInAsync(ShopFactory.AdminEmail, ShopFactory.AdminPassword)).IsSignedIn(), "the admin signs in");
        return admin;
    }

    internal static async Task<string> CategoryIdAsync(ShopBrowser admin) =>
        (await admin.GetAsync("/admin/products/edit")).Document.QuerySelectorAll("#Input_CategoryId option")
            .Select(o => o.GetAttribute("value")).First(v => v is { Length: > 0 } and not "0")!; // 0 is "Choose a category"

    internal static string Instance(HttpResponseMessage response) => response.Headers.GetValues("X-Instance").Single();

    internal static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
