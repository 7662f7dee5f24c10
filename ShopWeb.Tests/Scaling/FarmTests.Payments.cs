using System.Net;
using AngleSharp.Dom;
using System.Text;
using MimeKit;
using Npgsql;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>A card payment on the farm: whatever reaches which instance, the order is paid once.</summary>
public sealed partial class FarmTests
{
    [FarmFact]
    public async Task The_same_card_payment_signalled_fifty_times_at_once_across_both_instances_pays_the_order_once_with_one_email_and_one_payment()
    {
        using var admin = await AdminAsync(farm.Url);
        var slug = "farm-" + CatalogSteps.Marker();
        await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Farm Kettle " + slug, ["Input.Slug"] = slug, ["Input.Price"] = "19.90", ["Input.CategoryId"] = await CategoryIdAsync(admin),
            ["Input.Stock"] = "5",
        });

        // A guest checks out by card through nginx and lands on the Test provider's hosted page.
        using var guest = ShopBrowser.Over(farm.Url);
        await guest.TryAddToCartAsync(slug, quantity: 2);
        var email = $"farm-card-{slug}@example.com";
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = "Card";
        var hosted = await guest.CheckoutAsync(fields);
        Assert.NotNull(hosted.Find("#test-payment"));
        var sessionId = hosted.Response.RequestMessage!.RequestUri!.Segments[^1];

        await using var db = new NpgsqlConnection(farm.Database);
        await db.OpenAsync();
        var orderId = await ScalarAsync(db, $"SELECT \"Id\"::bigint FROM \"Orders\" WHERE \"Email\" = '{email}'");
        var attempt = await TextAsync(db, $"SELECT \"AttemptKey\" FROM \"Payments\" WHERE \"SessionId\" = '{sessionId}'");

        // The hosted page as each instance serves it, with its Pay button (its own antiforgery token).
        var payers = farm.Instances.Select(ShopBrowser.Over).ToList();
        var payForms = new List<(ShopBrowser Browser, HtmlPage Page)>();
        foreach (var payer in payers)
        {
            payForms.Add((payer, await payer.GetAsync($"/payments/test/{sessionId}")));
        }

        // The shopper pays at the provider: its side of the session (what TestPaymentProvider.DecideAsync writes), and
        // the events it sends for it, signed as it signs them.
        var paymentId = "tpi_farm" + Guid.NewGuid().ToString("N")[..16];
        Assert.Equal(1L, await ScalarAsync(db,
            $"WITH paid AS (UPDATE \"TestPaymentSessions\" SET \"State\" = 'Paid', \"PaymentId\" = '{paymentId}' WHERE \"Id\" = '{sessionId}' AND \"State\" = 'Open' RETURNING 1) SELECT count(*) FROM paid"));
        var session = new TestPaymentSession
        {
            Id = sessionId, OrderNumber = await TextAsync(db, $"SELECT \"Number\" FROM \"Orders\" WHERE \"Id\" = {orderId}"),
            AmountMinor = await ScalarAsync(db, $"SELECT \"TotalMinor\" FROM \"Orders\" WHERE \"Id\" = {orderId}"),
            Currency = await TextAsync(db, $"SELECT \"Currency\" FROM \"Orders\" WHERE \"Id\" = {orderId}"),
            Description = "", SuccessUrl = "", CancelUrl = "", State = TestPaymentState.Paid, PaymentId = paymentId,
        };
        var completed = TestPaymentProvider.EventBody("checkout.session.completed", session);
        var succeeded = TestPaymentProvider.EventBody("checkout.session.async_payment_succeeded", session);

        // Fifty at once, alternating between the instances: the completed event and its duplicates, another event for
        // the same payment, the return page (which asks the provider) and Pay on the hosted page.
        var requests = new List<(HttpClient Client, HttpRequestMessage Request)>();
        for (var i = 0; i < 50; i++)
        {
            var (payer, page) = payForms[i % 2];
            var request = (i / 2 % 4) switch
            {
                0 => Webhook(completed),
                1 => Webhook(succeeded),
                2 => new HttpRequestMessage(HttpMethod.Get, $"/checkout/return?attempt={attempt}"),
                _ => ShopBrowser.Submission(page.Form("#test-payment"), new Dictionary<string, string>(), page.Form("#test-payment")
                    .QuerySelectorAll<AngleSharp.Html.Dom.IHtmlElement>("button").Single(b => b.TextContent.Trim() == "Pay")),
            };
            requests.Add((payer.Client, request));
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = requests.Select(r => Task.Run(async () =>
        {
            await go.Task;
            using var response = await r.Client.SendAsync(r.Request);
            return (response.StatusCode, Instance: Instance(response));
        })).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(sent);

        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{a.StatusCode} from {a.Instance}"));
        Assert.Equal(["instance-1", "instance-2"], answers.Select(a => a.Instance).Distinct().Order());
        Assert.Equal("Paid", await TextAsync(db, $"SELECT \"Status\" FROM \"Orders\" WHERE \"Id\" = {orderId}"));
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM \"Payments\" WHERE \"OrderId\" = {orderId}"));
        Assert.Equal("Paid", await TextAsync(db, $"SELECT \"Status\" FROM \"Payments\" WHERE \"OrderId\" = {orderId}"));
        foreach (var body in new[] { completed, succeeded })
        {
            var id = (string)System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!;
            Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM \"PaymentEvents\" WHERE \"EventId\" = '{id}'"));
        }

        Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM \"OutboxEmails\" WHERE \"To\" = '{email}'"));
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(MailTo(email) > 0)), "the confirmation was not sent");
        Assert.True(await BackgroundJobs.UntilAsync(async () =>
            await ScalarAsync(db, "SELECT count(*) FROM \"OutboxEmails\" WHERE \"Status\" = 0 AND (\"Attempts\" = 0 OR \"ClaimedUntil\" IS NOT NULL)") == 0), "the outbox did not empty");
        Assert.Equal(1, MailTo(email));
        Assert.Equal(3L, await ScalarAsync(db, $"SELECT sum(v.\"Stock\")::bigint FROM \"ProductVariants\" v JOIN \"Products\" p ON p.\"Id\" = v.\"ProductId\" WHERE p.\"Slug\" = '{slug}'"));
        payers.ForEach(p => p.Dispose());

        static HttpRequestMessage Webhook(string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/payments/test/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Stripe-Signature", TestSignature.Sign(body, new PaymentOptions().Test.WebhookSecret, DateTimeOffset.UtcNow));
            return request;
        }
    }

    private int MailTo(string address) =>
        Directory.GetFiles(farm.MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
            .Count(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));

    private static async Task<string> TextAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
