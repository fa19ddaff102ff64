"""The ServiceStack-compatible API layer shared by every app.

- errors: ApplicationError and the ResponseStatus exception handler
- binding: case-insensitive binding of path, query, form and body into a serializer
- fields: wire fields (TimeSpan as XSD duration, /Date(ms)/ date-times, lenient lists)
- renderers / parsers / negotiation: JSON, JSV, CSV, XML, JSONP; ?format=, suffixes, Accept
- casing: ?jsconfig=TextCase:CamelCase|SnakeCase
- routing: services with their custom routes plus /api/{Name} and /{format}/reply/{Name}
- views: ServiceView, the thin base class of every service
- tenancy: the CompanyId rule of the pages
"""
