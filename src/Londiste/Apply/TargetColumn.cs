namespace Londiste.Apply;

/// <summary>One column of a target table as the apply statements need it.</summary>
/// <param name="Name">Column name (unquoted).</param>
/// <param name="QuotedName">Column name quoted for SQL.</param>
/// <param name="Cast">
/// The cast that turns a text parameter into the column's type (<c>::integer</c>, <c>::numeric(12,2)</c>,
/// <c>::"My Schema"."mood"</c>); empty for <c>text</c>, which needs none.
/// </param>
/// <param name="Generated">A generated column: never written, the target computes it.</param>
/// <param name="IdentityAlways">A <c>generated always as identity</c> column: an insert must say <c>overriding system value</c>.</param>
internal sealed record TargetColumn(string Name, string QuotedName, string Cast, bool Generated, bool IdentityAlways);
