using System.Net;
using Microsoft.Extensions.Options;
using ShopWeb.Catalog;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Privacy;

namespace ShopWeb.Ordering;

public sealed class OrderEmails(EmailSender sender, IOptions<ShopOptions> shop)
{
    public Task SendShippedAsync(Order order, string link)
    {
        var name = shop.Value.Name;
        var text = $"Good news: your order {order.Number} is on its way to {order.ShipName}, {order.City}.\n\nSee your order: {link}\n\n— {name}";
        var html = $"<p>Good news: your order <strong>{order.Number}</strong> is on its way to {WebUtility.HtmlEncode(order.ShipName)}, {WebUtility.HtmlEncode(order.City)}.</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">See your order</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        return sender.SendAsync(new EmailMessage(order.Email, $"Your order {order.Number} has shipped – {name}", text, html));
    }

    public Task SendConfirmationAsync(Order order, string link)
    {
        var name = shop.Value.Name;
        var lines = order.Lines.Select(l => $"{l.Quantity} × {l.ProductName}: {Prices.Format(l.LineTotalMinor, order.Currency)}").ToList();
        var totals = new List<string> { $"Shipping: {Prices.Format(order.ShippingMinor, order.Currency)}" };
        if (order.TaxMinor > 0)
        {
            totals.Add($"Tax: {Prices.Format(order.TaxMinor, order.Currency)}");
        }

        totals.Add($"Total: {Prices.Format(order.TotalMinor, order.Currency)}");
        var payment = order.Payment == PaymentMethod.BankTransfer
            ? $"Please transfer the total with reference {order.Number}; we ship once it arrives."
            : "You pay when the parcel arrives.";
        var address = $"{order.ShipName}, {order.Line1}, {order.PostalCode} {order.City}, {Countries.NameOf(order.Country)}";

        var text = string.Join("\n", [$"Thank you for your order {order.Number}.", "", .. lines, "", .. totals, "", $"Shipping to: {address}", payment, "",
            $"See your order: {link}", "", $"— {name}"]);
        var html = $"<p>Thank you for your order <strong>{order.Number}</strong>.</p><ul>{string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"))}</ul>"
            + $"<p>{string.Join("<br>", totals.Select(WebUtility.HtmlEncode))}</p><p>Shipping to: {WebUtility.HtmlEncode(address)}</p>"
            + $"<p>{WebUtility.HtmlEncode(payment)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">See your order</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        return sender.SendAsync(new EmailMessage(order.Email, $"Your order {order.Number} – {name}", text, html));
    }
}
