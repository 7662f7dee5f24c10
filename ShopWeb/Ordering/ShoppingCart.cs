using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Ordering;

/// <summary>
/// The cart, kept in the store. Prices and stock always come from the product as it is now, never from a form;
/// quantities are capped at what the variant has in stock, and the shopper is told. A cart holds at most <see cref="MaxLines"/> products,
/// and a client address starts only so many guest carts (<see cref="GuestCartLimit"/>), so no script fills the store with carts.
/// </summary>
public sealed class ShoppingCart(ShopDbContext db, TimeProvider clock, GuestCartLimit newGuestCarts)
{
    public const int MaxQuantity = 99;

    /// <summary>The most products (lines) one cart holds.</summary>
    public const int MaxLines = 100;

    public static readonly string FullMessage = $"Your cart already holds {MaxLines} different products, the most it can. Check out or remove one first.";

    public async Task<CartView> ViewAsync(CartOwner owner, CancellationToken cancellationToken = default)
    {
        if (!owner.IsKnown)
        {
            return CartView.Empty;
        }

        var lines = await OwnedBy(owner).SelectMany(c => c.Lines)
            .OrderBy(l => l.Id)
            .Select(l => new CartLineView(l.ProductId, l.Product!.Name, l.Product.Slug, l.Variant!.ImagePath ?? l.Product.ImagePath,
                l.Variant.PriceMinor ?? l.Product.PriceMinor, l.Quantity, l.Variant.Stock, l.Product.IsPublished && l.Variant.IsOnSale,
                l.VariantId, l.Variant.Sku, l.Variant.Option1, l.Variant.Option2, l.Variant.Option3))
            .ToListAsync(cancellationToken);
        return new CartView(lines);
    }

    /// <summary>How many items the owner's cart holds (the header's count).</summary>
    public async Task<int> UnitsAsync(CartOwner owner, CancellationToken cancellationToken = default) =>
        await OwnedBy(owner).SelectMany(c => c.Lines).SumAsync(l => (int?)l.Quantity, cancellationToken) ?? 0;

    /// <summary>Whether the owner has a cart in the store (an app's guest cart exists from its creation on).</summary>

    public Task<bool> ExistsAsync(CartOwner owner, CancellationToken cancellationToken = default) =>
        owner.IsKnown ? OwnedBy(owner).AnyAsync(cancellationToken) : Task.FromResult(false);

    /// <summary>An empty guest cart, made up front for an app, so that its key names a cart before anything is added.</summary>
    /// <returns>False, with no cart made, when the owner's client address has started as many carts as it may this hour.</returns>
    public async Task<bool> CreateGuestCartAsync(CartOwner owner, CancellationToken cancellationToken = default)
    {
        var key = owner.GuestKey ?? throw new ArgumentException("A guest cart needs a guest key.", nameof(owner));
        if (!await newGuestCarts.TryStartAsync(owner.Client))
        {
            return false;
        }

        db.Carts.Add(new Cart { GuestKey = key, UpdatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<CartChange> AddAsync(CartOwner owner, int variantId, int quantity, CancellationToken cancellationToken = default) =>
        SerialisedAsync([owner.LockKey], () => AddNowAsync(owner, variantId, quantity, cancellationToken), cancellationToken);

    public Task<CartChange> SetQuantityAsync(CartOwner owner, int variantId, int quantity, CancellationToken cancellationToken = default) =>
        SerialisedAsync([owner.LockKey], () => SetQuantityNowAsync(owner, variantId, quantity, cancellationToken), cancellationToken);

    public Task<CartChange> RemoveAsync(CartOwner owner, int variantId, CancellationToken cancellationToken = default) =>
        SerialisedAsync([owner.LockKey], () => RemoveNowAsync(owner, variantId, cancellationToken), cancellationToken);

    /// <summary>A variant with its product, as the cart sees it: on sale only while both the variant and its product are.</summary>
    private Task<ProductVariant?> VariantAsync(int variantId, CancellationToken cancellationToken) =>
        db.ProductVariants.AsNoTracking().Include(v => v.Product).FirstOrDefaultAsync(v => v.Id == variantId, cancellationToken);

    private static bool OnSale(ProductVariant? variant) => variant is { IsOnSale: true, Product.IsPublished: true };

    /// <summary>
    /// One change of a cart at a time (the transaction takes turns on the cart's owner), so two quick clicks add up
    /// instead of one overwriting the other; a clash on a key is simply tried again.
    /// </summary>
    private async Task<T> SerialisedAsync<T>(string[] lockKeys, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                await using var transaction = await StoreLocks.BeginAsync(db, lockKeys, cancellationToken);
                var result = await change();
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < 3 && (StoreErrors.IsConstraintViolation(ex) || StoreErrors.IsBusy(ex)))
            {
            }
        }
    }

    private async Task<CartChange> AddNowAsync(CartOwner owner, int variantId, int quantity, CancellationToken cancellationToken)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            return new(CartChangeResult.InvalidQuantity, $"Choose a quantity between 1 and {MaxQuantity}.");
        }

        var variant = await VariantAsync(variantId, cancellationToken);
        if (!OnSale(variant))
        {
            return new(CartChangeResult.NotOnSale, "That product is not on sale.");
        }

        var name = VariantNames.Full(variant!.Product!.Name, variant.OptionText);
        if (variant.Stock <= 0)
        {
            return new(CartChangeResult.SoldOut, $"{name} is sold out.");
        }

        var cart = await CartOfAsync(owner, create: false, cancellationToken);
        if (cart is null && owner.UserId is null && !await newGuestCarts.TryStartAsync(owner.Client))
        {
            return new(CartChangeResult.TooManyCarts, GuestCartLimit.Refusal);
        }

        cart ??= await CartOfAsync(owner, create: true, cancellationToken);
        var line = cart!.Lines.FirstOrDefault(l => l.VariantId == variantId);
        if (line is null && cart.Lines.Count >= MaxLines)
        {
            return new(CartChangeResult.CartFull, FullMessage);
        }

        var wanted = (line?.Quantity ?? 0) + quantity;
        var kept = Math.Min(wanted, Math.Min(variant.Stock, MaxQuantity));
        if (line is null)
        {
            cart.Lines.Add(new CartLine { ProductId = variant.ProductId, VariantId = variantId, Quantity = kept });
        }
        else
        {
            line.Quantity = kept;
        }

        cart.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return kept == wanted ? new(CartChangeResult.Done, $"Added {name} to your cart.")
            : kept < variant.Stock ? new(CartChangeResult.Capped, $"At most {MaxQuantity} of one item in a cart: your cart has {kept} of {name}.")
            : new(CartChangeResult.Capped, $"Only {variant.Stock} of {name} in stock: your cart has {kept}.");
    }

    private async Task<CartChange> SetQuantityNowAsync(CartOwner owner, int variantId, int quantity, CancellationToken cancellationToken)
    {
        var cart = await CartOfAsync(owner, create: false, cancellationToken);
        var line = cart?.Lines.FirstOrDefault(l => l.VariantId == variantId);
        if (cart is null || line is null)
        {
            return new(CartChangeResult.NotInCart, "That product is not in your cart.");
        }

        if (quantity is < 1 or > MaxQuantity)
        {
            return new(CartChangeResult.InvalidQuantity, $"Choose a quantity between 1 and {MaxQuantity}, or remove the item.");
        }

        var variant = (await VariantAsync(variantId, cancellationToken))!;
        var name = VariantNames.Full(variant.Product!.Name, variant.OptionText);
        line.Quantity = Math.Min(quantity, Math.Max(variant.Stock, 1));
        cart.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // A line sold out since it was added keeps one, for the shopper to see and remove, as the cart page says.
        return !OnSale(variant) ? new(CartChangeResult.Capped, $"{name} is no longer on sale: remove it from your cart to check out.")
            : variant.Stock <= 0 ? new(CartChangeResult.Capped, $"{name} is sold out: remove it from your cart to check out.")
            : line.Quantity < quantity ? new(CartChangeResult.Capped, $"Only {variant.Stock} of {name} in stock: your cart has {line.Quantity}.")
            : new(CartChangeResult.Done, $"Your cart has {line.Quantity} of {name}.");
    }

    private async Task<CartChange> RemoveNowAsync(CartOwner owner, int variantId, CancellationToken cancellationToken)
    {
        var cart = await CartOfAsync(owner, create: false, cancellationToken);
        if (cart?.Lines.FirstOrDefault(l => l.VariantId == variantId) is not { } line)
        {
            return new(CartChangeResult.NotInCart, "That product is not in your cart.");
        }

        cart.Lines.Remove(line);
        cart.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new(CartChangeResult.Done, "The item has been removed from your cart.");
    }

    /// <summary>
    /// Moves a guest's cart into the account that just signed in, adding quantities together (capped at stock).
    /// Only the cart moves: nothing is ordered. Serialised like every cart change, so sign-ins racing from one
    /// browser move it once: the first takes the guest cart, the others find it gone.
    /// </summary>
    /// <returns>How many units were brought over, and how many were not (sold out, off sale, past the stock or a full cart).</returns>
    public Task<CartMerge> MergeGuestCartAsync(string guestKey, string userId, CancellationToken cancellationToken = default) =>
        SerialisedAsync(
            [new CartOwner(null, guestKey).LockKey, new CartOwner(userId, null).LockKey], () => MergeNowAsync(guestKey, userId, cancellationToken), cancellationToken);

    private async Task<CartMerge> MergeNowAsync(string guestKey, string userId, CancellationToken cancellationToken)
    {
        var guest = await db.Carts.Include(c => c.Lines).ThenInclude(l => l.Variant).ThenInclude(v => v!.Product)
            .FirstOrDefaultAsync(c => c.GuestKey == guestKey && c.UserId == null, cancellationToken);
        if (guest is null)
        {
            return new(0, 0);
        }

        var account = await CartOfAsync(new CartOwner(userId, null), create: true, cancellationToken);
        var moved = 0;
        var leftOut = 0;
        foreach (var line in guest.Lines)
        {
            var existing = account!.Lines.FirstOrDefault(l => l.VariantId == line.VariantId);
            if (!OnSale(line.Variant) || line.Variant!.Stock <= 0 || (existing is null && account.Lines.Count >= MaxLines))
            {
                leftOut += line.Quantity; // sold out or off sale, or the account's cart is full: it stays out
                continue;
            }

            // Added up to the stock; what the account's cart already held is never cut here (checkout says when it is past the stock).
            var had = existing?.Quantity ?? 0;
            var total = Math.Max(had, Math.Min(had + line.Quantity, Math.Min(line.Variant.Stock, MaxQuantity)));
            moved += total - had;
            leftOut += line.Quantity - (total - had);
            if (existing is null)
            {
                account.Lines.Add(new CartLine { ProductId = line.ProductId, VariantId = line.VariantId, Quantity = total });
            }
            else
            {
                existing.Quantity = total;
            }
        }

        db.Carts.Remove(guest);
        account!.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new(moved, leftOut);
    }

    private IQueryable<Cart> OwnedBy(CartOwner owner) => owner.UserId is not null
        ? db.Carts.Where(c => c.UserId == owner.UserId)
        : db.Carts.Where(c => c.GuestKey == owner.GuestKey && c.UserId == null);

    private async Task<Cart?> CartOfAsync(CartOwner owner, bool create, CancellationToken cancellationToken)
    {
        var cart = await OwnedBy(owner).Include(c => c.Lines).FirstOrDefaultAsync(cancellationToken);
        if (cart is null && create)
        {
            cart = new Cart { UserId = owner.UserId, GuestKey = owner.UserId is null ? owner.GuestKey : null, UpdatedAt = clock.GetUtcNow() };
            db.Carts.Add(cart);
        }

        return cart;
    }
}

/// <summary>What a cart change did, in the words the cart page shows, and as a result an app can act on.</summary>
public sealed record CartChange(CartChangeResult Result, string Message)
{
    /// <summary>Whether the cart now holds what was asked for, or as much of it as is in stock.</summary>
    public bool Succeeded => Result is CartChangeResult.Done or CartChangeResult.Capped;
}

public enum CartChangeResult
{
    Done,

    /// <summary>Done, but with fewer than asked for: all there is in stock (or the most a line may hold).</summary>
    Capped,
    InvalidQuantity,
    NotOnSale,
    SoldOut,
    NotInCart,

    /// <summary>The cart holds <see cref="ShoppingCart.MaxLines"/> products already: nothing was added.</summary>
    CartFull,

    /// <summary>A guest's first product, refused: their address has started too many carts this hour (<see cref="GuestCartLimit"/>).</summary>
    TooManyCarts,
}

/// <summary>A cart line as shown: the variant's price, stock and image (or its product's), and its SKU and option text.</summary>
public sealed record CartLineView(
    int ProductId, string Name, string Slug, string ImagePath, long UnitPriceMinor, int Quantity, int Stock, bool OnSale,
    int VariantId, string Sku, string? Option1, string? Option2, string? Option3)
{
    public long LineTotalMinor => UnitPriceMinor * Quantity;

    /// <summary>"M / Blue"; empty for a product without options.</summary>
    public string OptionText => VariantNames.Of(Option1, Option2, Option3);

    /// <summary>Whether the line can be ordered as it stands.</summary>
    public bool Available => OnSale && Stock >= Quantity;
}

public sealed record CartView(IReadOnlyList<CartLineView> Lines)
{
    public static readonly CartView Empty = new([]);

    public bool IsEmpty => Lines.Count == 0;

    public long SubtotalMinor => Lines.Where(l => l.OnSale).Sum(l => l.LineTotalMinor);

    public int Units => Lines.Sum(l => l.Quantity);
}

/// <summary>What a guest cart's move into an account brought over, and what it could not (in units).</summary>
public sealed record CartMerge(int Added, int LeftOut)
{
    /// <summary>What the shopper is told, if anything came or stayed out.</summary>
    public string? Message => (Added, LeftOut) switch
    {
        (0, 0) => null,
        (1, 0) => "We added the item from before you signed in to your cart.",
        (_, 0) => $"We added the {Infrastructure.Paging.Number(Added)} items from before you signed in to your cart.",
        (0, _) => $"Your cart from before you signed in could not be added: {Infrastructure.Paging.Count(LeftOut, "item is", "items are")} sold out or past what is in stock.",
        _ => $"We added {Infrastructure.Paging.Count(Added, "item", "items")} from before you signed in to your cart; {Infrastructure.Paging.Count(LeftOut, "more is", "more are")} sold out or past what is in stock.",
    };
}
