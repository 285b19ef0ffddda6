# The API image: compiled TypeScript on Node 20. Neo4j runs in its own container (docker-compose.yml);
# this image never starts a local Neo4j (NEO4J_URI is required here).
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ingest ./ingest
COPY cli ./cli
RUN npm run build
# The web page's bundle (esbuild, a dev dependency of this stage).
COPY web ./web
COPY scripts/build-web.ts ./scripts/build-web.ts
RUN npm run build:web

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# Taxonomies, the tagger's model and the landmark corpus are read at run time.
COPY data ./data
# neo4j/pom.xml is read for the version string only; no jars are in the image.
COPY neo4j/pom.xml ./neo4j/pom.xml
USER node
EXPOSE 4000
ENV EMPIRICA_HOST=0.0.0.0 EMPIRICA_PORT=4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:4000/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli/index.js", "serve"]
