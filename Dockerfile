# PaperFeed web app and jobs in one container; everything it writes goes to /data (a volume).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Web/PaperFeed.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY samples /app/samples
ENV ASPNETCORE_URLS=http://+:8080 \
    App__DataDirectory=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "PaperFeed.Web.dll"]
