using System.Net;
using Microsoft.Extensions.Options;
using ShopWeb.Catalog;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Infrastructure;
using ShopWeb.Privacy;

namespace ShopWeb.Ordering;

/// <summary>
/// The messages about an order, added to the caller's unit of work so they are saved with the change they tell of.
/// The link opens the order: for a guest, with its access token.
/// </summary>
public sealed class OrderEmails(EmailOutbox outbox, PublicLinks links, IOptions<ShopOptions> shop, IOptions<OrderOptions> orders, IOptions<Payments.PaymentOptions> payments)
{
    private string LinkTo(Order order) =>
        links.Page("/Orders/Details", new { number = order.Number, token = order.UserId is null ? order.AccessToken : null });

    public void AddShipped(Order order)
    {
        var link = LinkTo(order);
        var name = shop.Value.Name;
        var text = $"Good news: your order {order.Number} is on its way to {order.ShipName}, {order.City}.\n\nSee your order: {link}\n\n— {name}";
        var html = $"<p>Good news: your order <strong>{order.Number}</strong> is on its way to {WebUtility.HtmlEncode(order.ShipName)}, {WebUtility.HtmlEncode(order.City)}.</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">See your order</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        outbox.Add(new EmailMessage(order.Email, $"Your order {order.Number} has shipped – {name}", text, html, order.Number));
    }

    /// <summary>The bank transfer did not arrive in time (<see cref="UnpaidOrderExpiry"/>): the order is cancelled and nothing is owed.</summary>
    public void AddCancelledUnpaid(Order order, DateTimeOffset payBy)
    {
        var link = LinkTo(order);
        var name = shop.Value.Name;
        var why = $"We had not received the bank transfer for your order {order.Number} by {TimeFormat.Text(payBy)}, so we have cancelled it.";
        var owed = "Nothing is owed. If you still want these goods, you are welcome to order them again.";
        var text = $"{why}\n\n{owed}\n\nSee your order: {link}\n\n— {name}";
        var html = $"<p>{WebUtility.HtmlEncode(why)}</p><p>{WebUtility.HtmlEncode(owed)}</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">See your order</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        outbox.Add(new EmailMessage(order.Email, $"Your order {order.Number} has been cancelled – {name}", text, html, order.Number));
    }

    /// <summary>Money sent back to the shopper's card (Payments/Refunds), queued with the refund's success.</summary>
    public void AddRefunded(Order order, Refund refund)
    {
        var link = LinkTo(order);
        var name = shop.Value.Name;
        var what = $"We have refunded {Prices.Format(refund.AmountMinor, refund.Currency)} of your order {order.Number} to the card you paid with.";
        var why = $"Reason: {refund.Reason}";
        var when = "Your bank may take a few days to show it.";
        var text = $"{what}\n{why}\n\n{when}\n\nSee your order: {link}\n\n— {name}";
        var html = $"<p>{WebUtility.HtmlEncode(what)}</p><p>{WebUtility.HtmlEncode(why)}</p><p>{WebUtility.HtmlEncode(when)}</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">See your order</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        outbox.Add(new EmailMessage(order.Email, $"Refund for your order {order.Number} – {name}", text, html, order.Number));
    }

    public void AddConfirmation(Order order)
    {
        var link = LinkTo(order);
        var name = shop.Value.Name;
        var lines = order.Lines.Select(l => $"{l.Quantity} × {LineNames.Text(l.ProductName, l.OptionText, l.Sku)}: {Prices.Format(l.LineTotalMinor, order.Currency)}").ToList();
        var totals = new List<string> { $"Shipping: {Prices.Format(order.ShippingMinor, order.Currency)}" };
        if (order.TaxMinor > 0)
        {
            totals.Add($"Tax: {Prices.Format(order.TaxMinor, order.Currency)}");
        }

        totals.Add($"Total: {Prices.Format(order.TotalMinor, order.Currency)}");
        var payment = orders.Value.PayBy(order) is { } payBy
            ? $"Please transfer the total with reference {order.Number} by {TimeFormat.Text(payBy)}; we ship once it arrives, and an order unpaid by then is cancelled."
                + (payments.Value.PayToLine is { } payTo ? " " + payTo + "." : "")
            : order.Payment == PaymentMethod.Card ? $"We have received your card payment of {Prices.Format(order.TotalMinor, order.Currency)}; nothing more is owed." : "You pay when the parcel arrives.";
        var address = string.Join(", ", new[] { order.ShipName, order.Line1, order.Line2, $"{order.PostalCode} {order.City}", order.Region, Countries.NameOf(order.Country) }
            .Where(part => !string.IsNullOrEmpty(part)));

        var text = string.Join("\n", [$"Thank you for your order {order.Number}.", "", .. lines, "", .. totals, "", $"Shipping to: {address}", payment, "",
            $"See your order: {link}", "", $"— {name}"]);
        var html = $"<p>Thank you for your order <strong>{order.Number}</strong>.</p><ul>{string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"))}</ul>"
            + $"<p>{string.Join("<br>", totals.Select(WebUtility.HtmlEncode))}</p><p>Shipping to: {WebUtility.HtmlEncode(address)}</p>"
            + $"<p>{WebUtility.HtmlEncode(payment)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">See your order</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        outbox.Add(new EmailMessage(order.Email, $"Your order {order.Number} – {name}", text, html, order.Number));
    }
}
