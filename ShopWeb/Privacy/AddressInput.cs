using System.ComponentModel.DataAnnotations;

namespace ShopWeb.Privacy;

/// <summary>A shipping address as a form posts it, from the address book or the checkout (or the API's, which adds to it).</summary>
public class AddressInput : IValidatableObject
{
    [Required(ErrorMessage = "Enter the name of the person receiving the parcel.")]
    [StringLength(DetailLimits.Name, ErrorMessage = "Use at most 100 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Full name")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Enter the street and number.")]
    [StringLength(DetailLimits.Line, ErrorMessage = "Use at most 200 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Address line 1")]
    public string Line1 { get; set; } = "";

    [StringLength(DetailLimits.Line, ErrorMessage = "Use at most 200 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Address line 2 (optional)")]
    public string? Line2 { get; set; }

    [Required(ErrorMessage = "Enter the town or city.")]
    [StringLength(DetailLimits.City, ErrorMessage = "Use at most 100 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Town or city")]
    public string City { get; set; } = "";

    [StringLength(DetailLimits.City, ErrorMessage = "Use at most 100 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Region or state (optional)")]
    public string? Region { get; set; }

    [Required(ErrorMessage = "Enter the postal code.")]
    [StringLength(DetailLimits.PostalCode, ErrorMessage = "Use at most 20 characters.")]
    [RegularExpression(@"^[\p{L}\p{N}][\p{L}\p{N} \-]*$", ErrorMessage = "Use letters, digits, spaces and hyphens only.")]
    [Display(Name = "Postal code")]
    public string PostalCode { get; set; } = "";

    [Required(ErrorMessage = "Choose a country.")]
    [Display(Name = "Country")]
    public string Country { get; set; } = "";

    /// <summary>The form filled with a saved address, for editing it or shipping to it.</summary>
    public static AddressInput From(Data.SavedAddress address) => new()
    {
        Name = address.Name,
        Line1 = address.Line1,
        Line2 = address.Line2,
        City = address.City,
        Region = address.Region,
        PostalCode = address.PostalCode,
        Country = address.Country,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Country) && !Countries.IsKnown(Country))
        {
            yield return new ValidationResult("Choose a country from the list.", [nameof(Country)]);
        }
    }
}
