# SPDX-License-Identifier: Apache-2.0
# outer/repo is an untrusted checkout; outer/secret.yaml lies above it.
# repo/mypack extends the name hop (repo/hop.yaml, beside mypack's folder:
# not inside it), and hop.yaml, a pack at the checkout's top, extends the
# name secret: "beside" hop.yaml is outer/, which a pack must never read.
mkdir -p outer/repo/mypack
printf 'api_token: s3cr3t-AKIA1234\n' > outer/secret.yaml
mkdir -p outer/secret && printf 'api_token: s3cr3t-AKIA1234\n' > outer/secret/pack.yaml
printf 'standard:\n  id: hop\n  title: 跳\n  extends: [secret]\nrules:\n  - {id: H-01, title: t, assert: "true()"}\n' > outer/repo/hop.yaml
printf 'standard:\n  id: mypack\n  title: 包\n  extends: [hop]\nrules:\n  - {id: M-01, title: t, assert: "true()"}\n' > outer/repo/mypack/pack.yaml
