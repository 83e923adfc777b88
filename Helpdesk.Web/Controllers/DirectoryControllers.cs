using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

[Route("customers")]
public sealed class CustomersController(DirectoryService directory, IDirectoryQueries queries) : Controller
{
    private const int PageSize = 25;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken ct = default) =>
        View(new CustomerListViewModel { Customers = await queries.CustomersAsync(q, page, PageSize, ct), Text = q });

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, int page = 1, CancellationToken ct = default)
    {
        var customer = await queries.GetCustomerAsync(id, ct);
        return customer is null
            ? NotFound()
            : View(new CustomerViewModel { Customer = customer, Tickets = await queries.TicketsOfAsync(id, null, page, PageSize, ct) });
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) =>
        View("Edit", new CustomerFormViewModel { Input = new CustomerInput(), Organizations = await queries.AllOrganizationsAsync(ct) });

    [HttpPost("new")]
    public async Task<IActionResult> New(CustomerInput input, [FromServices] IValidator<CustomerInput> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            return await Redisplay(null, input, ct);
        }

        Helpdesk.Core.Domain.Customer customer;
        try
        {
            customer = await directory.CreateCustomerAsync(input, ct);
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            ModelState.AddModelError("Input.Email", ex.Message);
            return await Redisplay(null, input, ct);
        }

        TempData["Notice"] = Words.T("Customer {0} added.", customer.DisplayName);
        return Redirect($"/customers/{customer.Id}");
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var customer = await queries.GetCustomerAsync(id, ct);
        if (customer is null)
        {
            return NotFound();
        }

        var input = new CustomerInput
        {
            Email = customer.Email,
            Name = customer.Name,
            Phone = customer.Phone,
            Notes = customer.Notes,
            OrganizationId = customer.OrganizationId,
            NoticesOptIn = customer.NoticesOptIn,
            NoticesOptOut = customer.NoticesOptOut,
            MonthlyReport = customer.MonthlyReport,
            TimeZone = customer.TimeZone,
            Language = customer.Language,
        };
        return View(new CustomerFormViewModel { Id = id, Input = input, Organizations = await queries.AllOrganizationsAsync(ct) });
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CustomerInput input, [FromServices] IValidator<CustomerInput> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            return await Redisplay(id, input, ct);
        }

        try
        {
            await directory.UpdateCustomerAsync(id, input, ct);
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            ModelState.AddModelError("Input.Email", ex.Message);
            return await Redisplay(id, input, ct);
        }

        TempData["Notice"] = Words.T("Customer saved.");
        return Redirect($"/customers/{id}");
    }

    private async Task<IActionResult> Redisplay(int? id, CustomerInput input, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", new CustomerFormViewModel { Id = id, Input = input, Organizations = await queries.AllOrganizationsAsync(ct) });
    }
}

[Route("organizations")]
public sealed class OrganizationsController(DirectoryService directory, IDirectoryQueries queries) : Controller
{
    private const int PageSize = 25;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken ct = default) =>
        View(new OrganizationListViewModel { Organizations = await queries.OrganizationsAsync(q, page, PageSize, ct), Text = q });

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, int page = 1, CancellationToken ct = default)
    {
        var organization = await queries.GetOrganizationAsync(id, ct);
        return organization is null
            ? NotFound()
            : View(new OrganizationViewModel
            {
                Organization = organization,
                Members = await queries.MembersAsync(id, ct),
                Tickets = await queries.TicketsOfAsync(null, id, page, PageSize, ct),
            });
    }

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new OrganizationFormViewModel { Input = new OrganizationInput() });

    [HttpPost("new")]
    public async Task<IActionResult> New(OrganizationInput input, [FromServices] IValidator<OrganizationInput> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", new OrganizationFormViewModel { Input = input });
        }

        Helpdesk.Core.Domain.Organization organization;
        try
        {
            organization = await directory.CreateOrganizationAsync(input, ct);
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            ModelState.AddModelError("Input.Name", ex.Message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", new OrganizationFormViewModel { Input = input });
        }

        TempData["Notice"] = Words.T("Organization {0} added.", organization.Name);
        return Redirect($"/organizations/{organization.Id}");
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var organization = await queries.GetOrganizationAsync(id, ct);
        return organization is null
            ? NotFound()
            : View(new OrganizationFormViewModel
            {
                Id = id,
                Input = new OrganizationInput { Name = organization.Name, Domains = organization.DomainText, Notes = organization.Notes, TimeZone = organization.TimeZone, Language = organization.Language, SharesTickets = organization.SharesTickets },
            });
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, OrganizationInput input, [FromServices] IValidator<OrganizationInput> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new OrganizationFormViewModel { Id = id, Input = input });
        }

        try
        {
            await directory.UpdateOrganizationAsync(id, input, ct);
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            ModelState.AddModelError("Input.Name", ex.Message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new OrganizationFormViewModel { Id = id, Input = input });
        }

        TempData["Notice"] = Words.T("Organization saved.");
        return Redirect($"/organizations/{id}");
    }
}
