using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Helpdesk.Web.Api;

/// <summary>A line of the customer list.</summary>
public sealed record ApiCustomerRow(int Id, string Email, string? Name, int? OrganizationId, string? OrganizationName, int UnsolvedTickets);

/// <summary>A customer with what their page shows.</summary>
public sealed record ApiCustomer(
    int Id, string Email, string? Name, string? Phone, string? Notes, int? OrganizationId, string? OrganizationName, string? TimeZone, string? Language,
    bool NoticesOptIn, bool NoticesOptOut, bool MonthlyReport, DateTimeOffset CreatedAt);

public sealed record ApiOrganizationRow(int Id, string Name, IReadOnlyList<string> Domains, int Customers, int UnsolvedTickets);

public sealed record ApiOrganization(int Id, string Name, IReadOnlyList<string> Domains, string? Notes, string? TimeZone, string? Language, bool SharesTickets);

/// <summary>Customers over REST: list (text search, cursor by id), read, create and replace, with the web form's validation.</summary>
[ApiController]
[Tags("Customers")]
[Route("api/v1/customers")]
[Authorize(AuthenticationSchemes = ApiTokenHandler.SchemeName, Policy = HelpdeskApp.StaffPolicy)]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(ApiLimits.Policy)]
public sealed class CustomersApiController(IDirectoryQueries queries, DirectoryService directory, IValidator<CustomerInput> validator) : ApiBase
{
    /// <summary>Customers by id, <paramref name="limit"/> at a time.</summary>
    /// <param name="q">part of an email address or name.</param>
    /// <param name="cursor">the "next" of the page before.</param>
    /// <param name="limit">1 to 100 (default 25).</param>
    [HttpGet]
    [ProducesResponseType<ApiPage<ApiCustomerRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List(string? q, string? cursor, int limit = 25, CancellationToken ct = default)
    {
        if (!TryLimit(limit, out var error) || !TryCursor(cursor, out var after, out error))
        {
            return error!;
        }

        var rows = await queries.CustomersAfterAsync(q, after, limit + 1, ct);
        var items = rows.Take(limit).Select(c => new ApiCustomerRow(c.Id, c.Email, c.Name, c.OrganizationId, c.OrganizationName, c.OpenTickets)).ToList();
        return Ok(new ApiPage<ApiCustomerRow>(items, rows.Count > limit ? Text(items[^1].Id) : null));
    }

    [HttpGet("{id:int}")]
    [ProducesResponseType<ApiCustomer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(int id, CancellationToken ct) =>
        await queries.GetCustomerAsync(id, ct) is { } c ? Ok(Shape(c)) : NotFoundProblem($"customer {id}");

    /// <summary>Adds a customer; one whose domain belongs to an organization joins it unless another is given.</summary>
    [HttpPost]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiCustomer>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Create(CustomerInput customer, CancellationToken ct) =>
        SaveAsync(customer, async () => (await directory.CreateCustomerAsync(customer, ct)).Id, created: true, ct);

    /// <summary>Replaces a customer's details (every field; those left out are emptied).</summary>
    [HttpPut("{id:int}")]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiCustomer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Replace(int id, CustomerInput customer, CancellationToken ct) =>
        await queries.GetCustomerAsync(id, ct) is null
            ? NotFoundProblem($"customer {id}")
            : await SaveAsync(customer, async () => (await directory.UpdateCustomerAsync(id, customer, ct)).Id, created: false, ct);

    private async Task<IActionResult> SaveAsync(CustomerInput input, Func<Task<int>> save, bool created, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            return Invalid(Errors(validation), "The customer is not valid");
        }

        try
        {
            var id = await save();
            var saved = Shape((await queries.GetCustomerAsync(id, ct))!);
            return created ? Created($"/api/v1/customers/{id}", saved) : Ok(saved);
        }
        catch (NotFoundException ex)
        {
            return Problem(statusCode: 400, title: "Unknown reference", detail: ex.Message);
        }
        catch (DomainException ex)
        {
            return Problem(statusCode: 409, title: "Already exists", detail: ex.Message);
        }
    }

    private static ApiCustomer Shape(CustomerDetails c) => new(
        c.Id, c.Email, c.Name, c.Phone, c.Notes, c.OrganizationId, c.OrganizationName, c.TimeZone, c.Language, c.NoticesOptIn, c.NoticesOptOut, c.MonthlyReport, c.CreatedAt);
}

/// <summary>Organizations over REST: list (text search, cursor by id), read, create and replace.</summary>
[ApiController]
[Tags("Organizations")]
[Route("api/v1/organizations")]
[Authorize(AuthenticationSchemes = ApiTokenHandler.SchemeName, Policy = HelpdeskApp.StaffPolicy)]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(ApiLimits.Policy)]
public sealed class OrganizationsApiController(IDirectoryQueries queries, DirectoryService directory, IValidator<OrganizationInput> validator) : ApiBase
{
    /// <summary>Organizations by id, <paramref name="limit"/> at a time.</summary>
    /// <param name="q">part of a name or a domain.</param>
    /// <param name="cursor">the "next" of the page before.</param>
    /// <param name="limit">1 to 100 (default 25).</param>
    [HttpGet]
    [ProducesResponseType<ApiPage<ApiOrganizationRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List(string? q, string? cursor, int limit = 25, CancellationToken ct = default)
    {
        if (!TryLimit(limit, out var error) || !TryCursor(cursor, out var after, out error))
        {
            return error!;
        }

        var rows = await queries.OrganizationsAfterAsync(q, after, limit + 1, ct);
        var items = rows.Take(limit).Select(o => new ApiOrganizationRow(o.Id, o.Name, o.Domains, o.Customers, o.OpenTickets)).ToList();
        return Ok(new ApiPage<ApiOrganizationRow>(items, rows.Count > limit ? Text(items[^1].Id) : null));
    }

    [HttpGet("{id:int}")]
    [ProducesResponseType<ApiOrganization>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(int id, CancellationToken ct) =>
        await queries.GetOrganizationAsync(id, ct) is { } o ? Ok(Shape(o)) : NotFoundProblem($"organization {id}");

    [HttpPost]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiOrganization>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Create(OrganizationInput organization, CancellationToken ct) =>
        SaveAsync(organization, async () => (await directory.CreateOrganizationAsync(organization, ct)).Id, created: true, ct);

    /// <summary>Replaces an organization's details (every field; those left out are emptied).</summary>
    [HttpPut("{id:int}")]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiOrganization>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Replace(int id, OrganizationInput organization, CancellationToken ct) =>
        await queries.GetOrganizationAsync(id, ct) is null
            ? NotFoundProblem($"organization {id}")
            : await SaveAsync(organization, async () => (await directory.UpdateOrganizationAsync(id, organization, ct)).Id, created: false, ct);

    private async Task<IActionResult> SaveAsync(OrganizationInput input, Func<Task<int>> save, bool created, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            return Invalid(Errors(validation), "The organization is not valid");
        }

        try
        {
            var id = await save();
            var saved = Shape((await queries.GetOrganizationAsync(id, ct))!);
            return created ? Created($"/api/v1/organizations/{id}", saved) : Ok(saved);
        }
        catch (DomainException ex)
        {
            return Problem(statusCode: 409, title: "Already exists", detail: ex.Message);
        }
    }

    private static ApiOrganization Shape(OrganizationDetails o) => new(o.Id, o.Name, o.Domains, o.Notes, o.TimeZone, o.Language, o.SharesTickets);
}
