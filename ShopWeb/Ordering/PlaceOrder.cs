using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Catalog;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure.Telemetry;
using ShopWeb.Privacy;

namespace ShopWeb.Ordering;

/// <summary>
/// Turns a cart into an order in one transaction: prices re-read, stock taken with a conditional update (so two
/// shoppers can never buy the same last item), the order written with its own copy of contact and address, the
/// cart emptied, the confirmation email queued; once committed, the cached pages of its products are evicted. A
/// second submit of the same form finds the first order; a busy database is tried again.
/// </summary>
public sealed class PlaceOrder(
    ShopDbContext db, OrderEmails emails, CatalogCache catalogCache, TimeProvider clock, IOptions<ShopOptions> shop, ShippingFees shippingFees, ShopMetrics metrics, ILogger<PlaceOrder> logger)
{
    private const int Attempts = 4;

    public async Task<OrderOutcome> PlaceAsync(CartOwner owner, OrderRequest request, CancellationToken cancellationToken = default)
    {
        // The pages and the API alike: the store's round trips and the email's queueing are this span's children.
        using var span = ShopActivities.Source.StartActivity("checkout place order");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PlaceOnceAsync(owner, request, cancellationToken);
            }
            catch (Exception ex) when (StoreErrors.IsBusy(ex) && attempt < Attempts)
            {
                // SQLite's lock past the busy timeout, or a PostgreSQL deadlock: a moment of contention, not a failure.
                logger.LogWarning("The store was busy placing an order (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
            catch (Exception ex) when (StoreErrors.IsBusy(ex))
            {
                logger.LogError(ex, "The store stayed busy; the order was not placed");
                return new OrderOutcome.Busy();
            }
            catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
            {
                // A unique key: the same form, submitted twice at once, placed its order in the other request.
                db.ChangeTracker.Clear();
            }
        }
    }

    private Task<Order?> ExistingAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.IdempotencyKey == idempotencyKey, cancellationToken);

    private async Task<OrderOutcome> PlaceOnceAsync(CartOwner owner, OrderRequest request, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();

        // Takes turns with the owner's cart changes and other checkouts: a double submit waits for the first to commit,
        // then finds its order, and a cart change waits for the cart to be ordered or not.
        await using var transaction = await StoreLocks.BeginAsync(db, owner.LockKey, cancellationToken);

        if (await ExistingAsync(request.IdempotencyKey, cancellationToken) is { } placed)
        {
            var sameOwner = owner.UserId is not null ? placed.UserId == owner.UserId : placed.GuestKeyHash == HashOf(owner.GuestKey);
            return sameOwner ? new OrderOutcome.Placed(placed, AlreadyPlaced: true) : new OrderOutcome.FormReused();
        }

        var cart = await (owner.UserId is not null
                ? db.Carts.Where(c => c.UserId == owner.UserId)
                : db.Carts.Where(c => c.GuestKey == owner.GuestKey && c.UserId == null))
            .Include(c => c.Lines).ThenInclude(l => l.Variant).ThenInclude(v => v!.Product)
            .FirstOrDefaultAsync(cancellationToken);
        if (cart is null || cart.Lines.Count == 0)
        {
            return new OrderOutcome.EmptyCart();
        }

        // Conditional updates: a sale takes a variant's stock only while there is enough and it is on sale, however many
        // checkouts run at once. They go in variant order, so two checkouts of the same variants wait for each other
        // instead of deadlocking.
        foreach (var line in cart.Lines.OrderBy(l => l.VariantId))
        {
            var variant = line.Variant!;
            var taken = await db.ProductVariants
                .Where(v => v.Id == variant.Id && v.IsOnSale && v.Product!.IsPublished && v.Stock >= line.Quantity)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, v => v.Stock - line.Quantity), cancellationToken);
            if (taken == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                var now = await db.ProductVariants.AsNoTracking().Where(v => v.Id == variant.Id)
                    .Select(v => new { Sold = v.IsOnSale && v.Product!.IsPublished, v.Stock }).FirstAsync(cancellationToken);
                var name = VariantNames.Full(variant.Product!.Name, variant.OptionText);
                return now.Sold ? new OrderOutcome.SoldOut(name, now.Stock) : new OrderOutcome.NotOnSale(name);
            }
        }

        // Each line keeps its own copy of what was bought, so a later change or deletion of the variant changes no order.
        var lines = cart.Lines.OrderBy(l => l.Id).Select(line => new OrderLine
        {
            ProductId = line.ProductId,
            ProductName = line.Variant!.Product!.Name,
            ProductSlug = line.Variant.Product.Slug,
            VariantId = line.VariantId,
            Sku = line.Variant.Sku,
            OptionText = line.Variant.OptionText,
            UnitPriceMinor = line.Variant.PriceOf(line.Variant.Product),
            Quantity = line.Quantity,
        }).ToList();

        var subtotal = lines.Sum(l => l.LineTotalMinor);

        // The shopper orders at the prices the checkout page showed: a price changed since (or the cart, in another tab)
        // is shown to them first, and nothing is ordered or taken until they press "Place order" again.
        if (request.ShownSubtotalMinor is { } shown && shown != subtotal)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new OrderOutcome.PricesChanged(subtotal);
        }

        var shipping = shippingFees.FeeMinor(request.Shipping, subtotal);
        var tax = OrderPricing.TaxMinor(subtotal, shop.Value.TaxRatePercent);
        var address = request.Address;
        var order = new Order
        {
            Number = NewNumber(),
            UserId = owner.UserId,
            GuestKeyHash = owner.UserId is null ? HashOf(owner.GuestKey) : null,
            AccessToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            IdempotencyKey = request.IdempotencyKey,
            Status = OrderStatus.AwaitingPayment,
            Payment = request.Payment,
            Shipping = request.Shipping,
            Currency = shop.Value.Currency,
            SubtotalMinor = subtotal,
            ShippingMinor = shipping,
            TaxMinor = tax,
            TotalMinor = subtotal + shipping + tax,
            // In whole milliseconds, which both stores keep exactly (SQLite's binary form tenths of one, PostgreSQL
            // microseconds): the order answered at once reads the same as when read back later.
            PlacedAt = WholeMilliseconds(clock.GetUtcNow()),
            Email = request.Email.Trim(),
            FullName = request.FullName.Trim(),
            Phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim(),
            ShipName = address.Name.Trim(),
            Line1 = address.Line1.Trim(),
            Line2 = string.IsNullOrWhiteSpace(address.Line2) ? null : address.Line2.Trim(),
            City = address.City.Trim(),
            Region = string.IsNullOrWhiteSpace(address.Region) ? null : address.Region.Trim(),
            PostalCode = address.PostalCode.Trim().ToUpperInvariant(),
            Country = address.Country,
            Lines = lines,
        };
        // What this order took to zero, read under the same lock and transaction as the stock it took.
        var variantIds = cart.Lines.Select(l => l.Variant!.Id).ToList();
        var soldOut = await db.ProductVariants.CountAsync(v => variantIds.Contains(v.Id) && v.Stock == 0, cancellationToken);
        db.Orders.Add(order);
        db.Carts.Remove(cart);
        if (order.Payment != PaymentMethod.Card)
        {
            emails.AddConfirmation(order); // a card order's is sent when it is paid (Payments/PaymentSignals)
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.OrdersPlaced.Add(1);
        metrics.StockOuts.Add(soldOut);
        await catalogCache.StockChangedAsync(lines.Select(l => l.ProductId!.Value));
        return new OrderOutcome.Placed(order, AlreadyPlaced: false);
    }

    private static string? HashOf(string? guestKey) =>
        guestKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(guestKey)));

    private static string NewNumber() =>
        "SW-" + new string(RandomNumberGenerator.GetItems("23456789ABCDEFGHJKMNPQRSTVWXYZ".AsSpan(), 8));

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, at.Offset);
}

/// <summary>What the checkout form asks for; the goods and their prices come from the cart and the catalog.</summary>
public sealed record OrderRequest(
    string IdempotencyKey, string Email, string FullName, string? Phone, AddressInput Address, ShippingMethod Shipping, PaymentMethod Payment,
    long? ShownSubtotalMinor = null);

public abstract record OrderOutcome
{
    public sealed record Placed(Order Order, bool AlreadyPlaced) : OrderOutcome;

    public sealed record SoldOut(string ProductName, int Left) : OrderOutcome;

    /// <summary>A line whose variant was taken off sale (or its product unpublished) since it went in the cart.</summary>
    public sealed record NotOnSale(string ProductName) : OrderOutcome;

    public sealed record EmptyCart : OrderOutcome;

    /// <summary>The cart's goods now cost <paramref name="SubtotalMinor"/>, not what the shopper was shown.</summary>
    public sealed record PricesChanged(long SubtotalMinor) : OrderOutcome;

    public sealed record FormReused : OrderOutcome;

    public sealed record Busy : OrderOutcome;
}
