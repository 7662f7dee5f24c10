namespace ShopWeb.Payments;

/// <summary>The <c>Payments</c> section: which ways to pay the checkout offers, and the card provider behind "Card".</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    /// <summary><c>None</c> (no card), <c>Test</c> (the built-in simulated provider; Development's default) or <c>Stripe</c>.</summary>
    public PaymentProviderKind Provider { get; set; } = PaymentProviderKind.None;

    public bool PayOnDelivery { get; set; } = true;

    /// <summary>Bank transfer; offered only with <see cref="BankTransferTo"/> set, as card is only with a provider.</summary>
    public bool BankTransfer { get; set; } = true;

    /// <summary>
    /// The account a bank transfer goes to, as shoppers read it ("ShopWeb Ltd, IBAN GB33 BUKB 2020 1555 5555 55, BIC
    /// BUKBGB22"): shown beside the order's reference on its confirmation, its page and its email. Without it a shopper
    /// who chose a transfer would not know where to pay, so it is not offered.
    /// </summary>
    public string? BankTransferTo { get; set; }

    /// <summary>"Pay to: …" for a bank transfer's instructions, or null when <see cref="BankTransferTo"/> is not set.</summary>
    public string? PayToLine => string.IsNullOrWhiteSpace(BankTransferTo) ? null : "Pay to: " + BankTransferTo.Trim();

    /// <summary>Card on the provider's hosted page; offered only when a provider is set.</summary>
    public bool Card { get; set; } = true;

    /// <summary>How long a card order holds its stock while the shopper is on the hosted page (Stripe allows 30 to 1,440).</summary>
    public int HoldMinutes { get; set; } = 30;

    /// <summary>Outside Development, the Test provider starts only with this set: it lets anyone "pay" without money.</summary>
    public bool AllowTestProvider { get; set; }

    public StripePaymentOptions Stripe { get; set; } = new();

    public TestPaymentOptions Test { get; set; } = new();

    public bool CardOffered => Card && Provider != PaymentProviderKind.None;

    public bool BankTransferOffered => BankTransfer && PayToLine is not null;

    public TimeSpan Hold => TimeSpan.FromMinutes(HoldMinutes);

    /// <summary>Whether the checkout offers this way to pay: the one rule for the checkout page and the API.</summary>
    public bool Offers(Data.PaymentMethod method) => method switch
    {
        Data.PaymentMethod.PayOnDelivery => PayOnDelivery,
        Data.PaymentMethod.BankTransfer => BankTransferOffered,
        Data.PaymentMethod.Card => CardOffered,
        _ => false,
    };

    /// <summary>The ways to pay the checkout offers, in the order it lists them.</summary>
    public IReadOnlyList<Data.PaymentMethod> Offered =>
        [.. new[] { Data.PaymentMethod.Card, Data.PaymentMethod.PayOnDelivery, Data.PaymentMethod.BankTransfer }.Where(Offers)];
}

public enum PaymentProviderKind
{
    None,
    Test,
    Stripe,
}

public sealed class StripePaymentOptions
{
    /// <summary>sk_live_… or sk_test_… (a restricted key with Checkout Sessions and Refunds write access will do).</summary>
    public string? SecretKey { get; set; }

    /// <summary>whsec_…: the signing secret of the webhook endpoint /payments/stripe/webhook.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another address for Stripe's API, for tests against a stub; unset means https://api.stripe.com.</summary>
    public string? ApiBase { get; set; }
}

public sealed class TestPaymentOptions
{
    /// <summary>Deliver every event twice and out of order, so the browser tests run through the races.</summary>
    public bool DuplicateEvents { get; set; }

    /// <summary>
    /// The secret the Test provider signs its events with (Stripe's scheme). Anyone may "pay" on the Test provider's page
    /// anyway, so this guards the event path's checks, not money; every instance of a farm must share it.
    /// </summary>
    public string WebhookSecret { get; set; } = "whsec_shopweb_test_provider";
}
