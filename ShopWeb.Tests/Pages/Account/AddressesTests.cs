using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class AddressesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Changing_an_address_another_device_deleted_a_moment_before_saves_nothing_and_says_so()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        await browser.AddAddressAsync();
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var id = await factory.WithDbAsync(db => db.SavedAddresses.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync());

        await using var scope = factory.Services.CreateAsyncScope();
        var details = scope.ServiceProvider.GetRequiredService<ShopWeb.Privacy.SavedDetails>();
        var read = (await details.AddressAsync(userId, id))!; // read by the change, then deleted before it is saved
        await factory.WithDbAsync(db => db.SavedAddresses.Where(a => a.Id == id).ExecuteDeleteAsync());

        Assert.False(await details.UpdateAddressAsync(read, new ShopWeb.Privacy.AddressInput { Name = "A", Line1 = "1 Street", City = "Town", PostalCode = "1", Country = "GB" }));
        Assert.Equal(0, await factory.WithDbAsync(db => db.SavedAddresses.CountAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task With_the_choice_on_an_address_is_stored_and_turning_it_off_deletes_the_rows_and_records_off()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);

        var added = await browser.AddAddressAsync();
        Assert.Equal("The address has been added.", added.Find("[role=status]")?.TextContent);
        Assert.Contains("12 Rue des Lilas", added.Find(".address")?.TextContent);
        Assert.Contains("Default address", added.Find(".address")?.TextContent);
        await browser.AddAddressAsync("3 Quai Perrache", "Lyon");
        Assert.Equal(2, await AddressRowsAsync(email));

        var off = await browser.SaveProfileAsync(saveContact: false, saveAddresses: false);
        Assert.Contains("Your 2 saved addresses have been erased.", off.Find("[role=status]")?.TextContent);
        Assert.Equal(0, await AddressRowsAsync(email));

        var ledger = await factory.WithDbAsync(db => db.ConsentRecords.Where(r => db.Users.Any(u => u.Id == r.UserId && u.Email == email)).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([true, false], ledger.Select(r => r.Granted));
        Assert.All(ledger, r => Assert.Equal(DetailsChoice.ShippingAddresses, r.Choice));
        Assert.All(ledger, r => Assert.Equal("/account/profile", r.Page));
    }

    [Fact]
    public async Task While_the_choice_is_off_no_address_can_be_added()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        var form = await browser.GetAsync("/account/addresses/edit");
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: false);

        // A form opened while the choice was on, posted after it was turned off.
        var stale = await browser.SubmitAsync(form, "#address", new Dictionary<string, string>
        {
            ["Input.Name"] = "Zoë Martin", ["Input.Line1"] = "1 Main St", ["Input.City"] = "Lyon", ["Input.PostalCode"] = "69001", ["Input.Country"] = "FR",
        });

        Assert.Contains("Nothing was saved", stale.Find("[role=status]")?.TextContent);
        Assert.Equal(0, await AddressRowsAsync(email));
        Assert.Null((await browser.GetAsync("/account/addresses/edit")).Find("#address"));
    }

    [Fact]
    public async Task Edit_make_default_and_delete_keep_one_default()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        await browser.AddAddressAsync("1 First St");
        var list = await browser.AddAddressAsync("2 Second St");
        var (first, second) = await IdsAsync(email);

        list = await browser.SubmitAsync(list, $"form[action='/account/addresses?id={second}&handler=MakeDefault']");
        Assert.Contains("2 Second St, Lyon is now your default address", list.Find("[role=status]")?.TextContent);

        var edit = await browser.GetAsync($"/account/addresses/edit/{first}");
        Assert.Equal("1 First St", edit.Find("#Input_Line1")?.GetAttribute("value"));
        list = await browser.SubmitAsync(edit, "#address", new Dictionary<string, string> { ["Input.Line1"] = "1 First Street" });
        Assert.Equal("The address has been updated.", list.Find("[role=status]")?.TextContent);

        list = await browser.SubmitAsync(list, $"form[action='/account/addresses?id={second}&handler=Delete']");
        var remaining = await factory.WithDbAsync(db => db.SavedAddresses.Where(a => a.Id == first || a.Id == second).ToListAsync());
        var only = Assert.Single(remaining);
        Assert.Equal("1 First Street", only.Line1);
        Assert.True(only.IsDefault, "the remaining address became the default");
    }

    [Theory]
    [InlineData("Input.Country", "XX", "Choose a country from the list.")]
    [InlineData("Input.Country", "", "Choose a country.")]
    [InlineData("Input.PostalCode", "<script>", "Use letters, digits, spaces and hyphens only.")]
    [InlineData("Input.Line1", "", "Enter the street and number.")]
    [InlineData("Input.City", "{long}", "Use at most 100 characters.")]
    [InlineData("Input.Name", "Zoë \u202EnitraM", "Remove the invisible control characters")] // reverses what follows it on the admin's pages
    [InlineData("Input.City", "Lyon\u0007", "Remove the invisible control characters")]
    public async Task Addresses_are_validated_on_the_server(string field, string value, string message)
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        var form = await browser.GetAsync("/account/addresses/edit");
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Zoë Martin", ["Input.Line1"] = "1 Main St", ["Input.City"] = "Lyon", ["Input.PostalCode"] = "69001", ["Input.Country"] = "FR",
        };
        fields[field] = value.Replace("{long}", new string('x', 101), StringComparison.Ordinal);

        var page = await browser.SubmitAsync(form, "#address", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var shown = page.Find($"[data-valmsg-for='{field}']")!;
        Assert.Contains(message, shown.TextContent);
        Assert.Equal(0, await AddressRowsAsync(email));

        // For a screen reader: the field says it was refused and which message says why, and the title says so first.
        var input = page.Find($"[name='{field}']")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains(shown.Id!, input.GetAttribute("aria-describedby")!.Split(' '));
        Assert.StartsWith("Error: ", page.Document.Title);
    }

    [Fact]
    public async Task Another_shoppers_address_is_a_404_to_read_change_or_delete()
    {
        var (owner, ownerEmail) = await factory.SignedInShopperAsync();
        using var _ = owner;
        await owner.SaveProfileAsync(saveContact: false, saveAddresses: true);
        var ownersList = await owner.AddAddressAsync("7 Private Lane");
        var (id, _) = await IdsAsync(ownerEmail);
        var (intruder, _) = await factory.SignedInShopperAsync();
        using var __ = intruder;
        await intruder.SaveProfileAsync(saveContact: false, saveAddresses: true);
        await intruder.AddAddressAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/account/addresses/edit/{id}")).Status);
        var ownEdit = await intruder.GetAsync("/account/addresses/edit");
        var foreignEdit = await intruder.Client.PostAsync($"/account/addresses/edit/{id}", Form(ownEdit, new() { ["Input.Name"] = "Hacked", ["Input.Line1"] = "x", ["Input.City"] = "x", ["Input.PostalCode"] = "1", ["Input.Country"] = "FR" }));
        Assert.Equal(HttpStatusCode.NotFound, foreignEdit.StatusCode);
        foreach (var handler in new[] { "Delete", "MakeDefault" })
        {
            var response = await intruder.Client.PostAsync($"/account/addresses?id={id}&handler={handler}", Form(ownEdit, []));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var untouched = await factory.WithDbAsync(db => db.SavedAddresses.SingleAsync(a => a.Id == id));
        Assert.Equal("7 Private Lane", untouched.Line1);
        Assert.DoesNotContain("7 Private Lane", (await intruder.GetAsync("/account/addresses")).Body);
        Assert.Contains("7 Private Lane", ownersList.Body);
    }

    private static FormUrlEncodedContent Form(HtmlPage withToken, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = withToken.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return new FormUrlEncodedContent(fields);
    }

    private Task<int> AddressRowsAsync(string email) =>
        factory.WithDbAsync(db => db.SavedAddresses.CountAsync(a => db.Users.Any(u => u.Id == a.UserId && u.Email == email)));

    private Task<(int First, int Second)> IdsAsync(string email) => factory.WithDbAsync(async db =>
    {
        var ids = await db.SavedAddresses.Where(a => db.Users.Any(u => u.Id == a.UserId && u.Email == email)).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
        return (ids[0], ids.Count > 1 ? ids[1] : 0);
    });
}
