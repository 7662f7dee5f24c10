using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Payments;

namespace ShopWeb.Pages.Admin.Orders;

/// <summary>Orders with filters (status, payment state, dates, number or email) and paging, and the filtered list as CSV.</summary>
public sealed class IndexModel(ShopDbContext db) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>A <see cref="PaymentState"/> by name: Unpaid, Paid, PartlyRefunded, Refunded, Flagged, Failed or NotPaid.</summary>
    [BindProperty(SupportsGet = true, Name = "payment")]
    public string? PaymentFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public int Total { get; private set; }

    public IReadOnlyList<Order> Orders { get; private set; } = [];

    /// <summary>Filters given that mean nothing ("2026-13-45", "Bogus"): said, so no one takes the list as filtered by them.</summary>
    public List<string> IgnoredFilters { get; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] string? pageNumber)
    {
        var orders = Filtered();
        Total = await orders.CountAsync();
        LastPage = Paging.LastPage(Total, PageSize);
        PageNumber = Paging.Page(pageNumber, LastPage);
        Orders = await orders.Skip((PageNumber - 1) * PageSize).Take(PageSize).Include(o => o.Payments).ToListAsync();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var csv = new StringBuilder("Number,Placed,Status,Email,Payment,Shipping,Subtotal,Shipping fee,Tax,Total,Currency,Items\r\n");
        await foreach (var o in Filtered().Include(o => o.Lines).AsSplitQuery().AsAsyncEnumerable())
        {
            csv.Append(string.Join(",", Cell(o.Number), Cell(TimeFormat.Text(o.PlacedAt)),
                Cell(o.Status.ToString()), Cell(o.Email), Cell(o.Payment.ToString()), Cell(o.Shipping.ToString()), Money(o.SubtotalMinor, o.Currency),
                Money(o.ShippingMinor, o.Currency), Money(o.TaxMinor, o.Currency), Money(o.TotalMinor, o.Currency), Cell(o.Currency), Cell(Items(o)))).Append("\r\n");
        }

        // Shoppers' names, emails and addresses: kept by no cache on the way, as every admin page is not.
        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv", "orders.csv");
    }

    public string Query(int? page = null) =>
        $"status={Uri.EscapeDataString(Status ?? "")}&payment={Uri.EscapeDataString(PaymentFilter ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&q={Uri.EscapeDataString(Search ?? "")}"
        + (page is null ? "" : $"&page={page}");

    private IQueryable<Order> Filtered()
    {
        var orders = db.Orders.AsNoTracking();
        if (ListFilter.Choice<OrderStatus>(Status) is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }
        else
        {
            Ignore("Status", Status);
        }

        if (ListFilter.Choice<PaymentState>(PaymentFilter) is { } state)
        {
            orders = orders.InState(state);
        }
        else
        {
            Ignore("Payment", PaymentFilter);
        }

        var days = new DayFilter(From, To);
        if (days.Start is { } start)
        {
            orders = orders.Where(o => o.PlacedAt >= start);
        }

        if (days.End is { } end)
        {
            orders = orders.Where(o => o.PlacedAt < end);
        }

        IgnoredFilters.AddRange(days.Ignored());

        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim()[..Math.Min(Search.Trim().Length, 256)];
            var upper = term.ToUpperInvariant();
            orders = orders.Where(o => o.Number == upper || o.Email.ToLower() == term.ToLower());
        }

        return orders.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id);
    }

    private void Ignore(string filter, string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            IgnoredFilters.Add(ListFilter.Ignored(filter, given));
        }
    }

    private static string Money(long minor, string currency) => Prices.ToText(minor, currency);

    /// <summary>Each line's own copy, "2 × T-shirt (M / Blue) [TSHIRT-M-BLUE]", joined by "; ": one row per order, as before.</summary>
    private static string Items(Order o) => string.Join("; ", o.Lines.OrderBy(l => l.Id).Select(l =>
        $"{l.Quantity} × {VariantNames.Full(l.ProductName, l.OptionText)}" + (l.Sku.Length > 0 ? $" [{l.Sku}]" : "")));

    // Quoted, and a leading =, +, - or @ defused, so a spreadsheet never runs a cell as a formula.
    private static string Cell(string value) => "\"" + SpreadsheetCells.Defuse(value).Replace("\"", "\"\"") + "\"";
}
