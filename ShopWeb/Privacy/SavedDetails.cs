using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Privacy;

/// <summary>
/// The "save my details" rules, shared by registration, the profile, the address book and the checkout: details
/// are stored only while their choice is on, and turning a choice off deletes them in the same transaction that
/// records the decision.
/// </summary>
public sealed class SavedDetails(ShopDbContext db, TimeProvider clock, Identity.ActivityLog activity, ErasedBytes erasedBytes)
{
    /// <summary>The most addresses one shopper keeps.</summary>
    public const int MaxAddresses = 20;

    public static readonly string FullMessage = $"Your address book already holds {MaxAddresses} addresses, the most it can. Delete one to add another.";

    /// <summary>
    /// Applies a decision about one choice. An unchanged choice records nothing. <paramref name="user"/> must be
    /// tracked by the same DbContext (as UserManager's users are).
    /// </summary>
    /// <returns>How many stored rows the decision erased.</returns>
    /// <summary>What a page says after decisions erased details ("" when none did): the profile's and the checkout's words.</summary>
    public static string Erased(int contactErased, int addressesErased) =>
        (contactErased > 0 ? " Your contact details have been erased." : "")
        + (addressesErased switch { 0 => "", 1 => " Your saved address has been erased.", _ => $" Your {addressesErased} saved addresses have been erased." });

    public async Task<int> DecideAsync(ApplicationUser user, DetailsChoice choice, bool save, string page, CancellationToken cancellationToken = default)
    {
        if (IsOn(user, choice) == save)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var erased = save ? 0 : choice switch
        {
            DetailsChoice.ContactDetails => await db.SavedContacts.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken),
            _ => await db.SavedAddresses.Where(a => a.UserId == user.Id).ExecuteDeleteAsync(cancellationToken),
        };
        if (choice == DetailsChoice.ContactDetails)
        {
            user.SaveContactDetails = save;
        }
        else
        {
            user.SaveShippingAddresses = save;
        }

        var wording = DetailsWording.For(choice);
        db.ConsentRecords.Add(new ConsentRecord
        {
            UserId = user.Id,
            Choice = choice,
            Granted = save,
            RecordedAt = clock.GetUtcNow(),
            Page = page,
            Wording = wording.Shown,
            WordingVersion = wording.Version,
        });
        activity.Add(user.Id, SecurityEventKind.ChoiceChanged, $"{wording.Label}: {(save ? "on" : "off")}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (erased > 0)
        {
            erasedBytes.Requested();
        }

        return erased;
    }

    public static bool IsOn(ApplicationUser user, DetailsChoice choice) =>
        choice == DetailsChoice.ContactDetails ? user.SaveContactDetails : user.SaveShippingAddresses;

    public Task<SavedContact?> ContactOfAsync(string userId, CancellationToken cancellationToken = default) =>
        db.SavedContacts.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);

    /// <summary>Stores the contact details, only while the shopper saves them; empty details remove the row.</summary>
    public async Task SaveContactAsync(ApplicationUser user, ContactInput input, CancellationToken cancellationToken = default)
    {
        if (!user.SaveContactDetails)
        {
            return;
        }

        var contact = await db.SavedContacts.FirstOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        var name = input.FullName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            if (contact is not null)
            {
                db.SavedContacts.Remove(contact);
                await db.SaveChangesAsync(cancellationToken);
                erasedBytes.Requested();
            }

            return;
        }
        else if (contact is null)
        {
            var added = db.SavedContacts.Add(new SavedContact { UserId = user.Id, FullName = name, Phone = Blank(input.Phone), UpdatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
            {
                // Saved a moment ago by another request of the shopper (two devices, two checkouts): this save comes last.
                added.State = EntityState.Detached;
                await db.SavedContacts.Where(c => c.UserId == user.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(c => c.FullName, name).SetProperty(c => c.Phone, Blank(input.Phone)).SetProperty(c => c.UpdatedAt, clock.GetUtcNow()), cancellationToken);
            }

            return;
        }

        contact.FullName = name;
        contact.Phone = Blank(input.Phone);
        contact.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<List<SavedAddress>> AddressesOfAsync(string userId, CancellationToken cancellationToken = default) =>
        db.SavedAddresses.AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>The shopper's own address, or null: another shopper's address id finds nothing.</summary>
    public Task<SavedAddress?> AddressAsync(string userId, int id, CancellationToken cancellationToken = default) =>
        db.SavedAddresses.FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, cancellationToken);

    /// <summary>
    /// Adds an address to the book, only while the shopper saves addresses and the book has room (<see cref="MaxAddresses"/>).
    /// The first becomes the default. Adds take turns per shopper, so two at once never pass the limit together.
    /// </summary>
    /// <returns>The address, or null when nothing was saved: the choice is off, or the book is full (<see cref="IsFullAsync"/>).</returns>
    public async Task<SavedAddress?> AddAddressAsync(ApplicationUser user, AddressInput input, bool makeDefault = false, CancellationToken cancellationToken = default)
    {
        if (!user.SaveShippingAddresses)
        {
            return null;
        }

        await using var transaction = await StoreLocks.BeginAsync(db, "addresses:" + user.Id, cancellationToken);
        var count = await db.SavedAddresses.CountAsync(a => a.UserId == user.Id, cancellationToken);
        if (count >= MaxAddresses)
        {
            return null;
        }

        var isFirst = count == 0;
        if (makeDefault && !isFirst)
        {
            await db.SavedAddresses.Where(a => a.UserId == user.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.IsDefault, false), cancellationToken);
        }

        var address = new SavedAddress
        {
            UserId = user.Id,
            Name = "",
            Line1 = "",
            City = "",
            PostalCode = "",
            Country = "",
            IsDefault = isFirst || makeDefault,
            CreatedAt = clock.GetUtcNow(),
        };
        Copy(input, address);
        db.SavedAddresses.Add(address);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return address;
    }

    /// <summary>Whether the shopper's address book holds <see cref="MaxAddresses"/> addresses, so no other can be added.</summary>
    public async Task<bool> IsFullAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.SavedAddresses.CountAsync(a => a.UserId == userId, cancellationToken) >= MaxAddresses;

    /// <returns>False when the address was deleted meanwhile (another device, an app): nothing was saved.</returns>
    public async Task<bool> UpdateAddressAsync(SavedAddress address, AddressInput input, CancellationToken cancellationToken = default)
    {
        Copy(input, address);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task MakeDefaultAsync(SavedAddress address, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SavedAddresses.Where(a => a.UserId == address.UserId && a.Id != address.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.IsDefault, false), cancellationToken);
        address.IsDefault = true;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes the address; when it was the default, the oldest remaining one takes its place.</summary>
    public async Task DeleteAddressAsync(SavedAddress address, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // A second press of "Delete" finds nothing left to delete: that is success, not an error.
        await db.SavedAddresses.Where(a => a.Id == address.Id).ExecuteDeleteAsync(cancellationToken);
        if (address.IsDefault && await db.SavedAddresses.Where(a => a.UserId == address.UserId).OrderBy(a => a.Id).FirstOrDefaultAsync(cancellationToken) is { } next)
        {
            next.IsDefault = true;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        erasedBytes.Requested();
    }

    public Task<List<ConsentRecord>> LedgerOfAsync(string userId, CancellationToken cancellationToken = default) =>
        db.ConsentRecords.AsNoTracking().Where(r => r.UserId == userId)
            .OrderByDescending(r => r.RecordedAt).ThenByDescending(r => r.Id).ToListAsync(cancellationToken);

    private static void Copy(AddressInput input, SavedAddress address)
    {
        address.Name = input.Name.Trim();
        address.Line1 = input.Line1.Trim();
        address.Line2 = Blank(input.Line2);
        address.City = input.City.Trim();
        address.Region = Blank(input.Region);
        address.PostalCode = input.PostalCode.Trim().ToUpperInvariant();
        address.Country = input.Country;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
