// Certificates and keys of the throwaway control plane, made with openssl: one CA for the API
// server's serving certificate and every client, plus the service-account signing key pair.
// Everything is fresh on each run and lives only in the run's data folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type KeyPair = { cert: string; key: string };

export type Pki = {
  dir: string;
  ca: KeyPair;
  apiserver: KeyPair;
  /** system:masters: the verifier itself, and the Dapr control plane (see verify.ts). */
  admin: KeyPair;
  controllerManager: KeyPair;
  serviceAccountKey: string;
  serviceAccountPub: string;
};

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** A P-256 key and a certificate signed by the CA, with the given subject and v3 extensions. */
function issue(dir: string, ca: KeyPair, name: string, subject: string, extensions: string[]): KeyPair {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.crt`);
  const ext = path.join(dir, `${name}.ext`);
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      subject,
    ]),
  );
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${randomSerial()}`].concat([
      '-days',
      '2',
      '-out',
      cert,
      '-extfile',
      ext,
    ]),
  );
  return { cert, key };
}

const randomSerial = () =>
  [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

export function createPki(dir: string): Pki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = { cert: path.join(dir, 'ca.crt'), key: path.join(dir, 'ca.key') };
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
      .concat(['-keyout', ca.key, '-out', ca.cert, '-days', '2', '-subj', '/CN=todo-k8s-verify-ca'])
      .concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
  );

  const server = ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'];
  const client = ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'];
  const apiserver = issue(dir, ca, 'apiserver', '/CN=kube-apiserver', [
    ...server,
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
  ]);
  const admin = issue(dir, ca, 'admin', '/O=system:masters/CN=todo-k8s-verify', client);
  // The name RBAC's bootstrap policy binds the role system:kube-controller-manager to.
  const controllerManager = issue(dir, ca, 'controller-manager', '/CN=system:kube-controller-manager', client);

  const serviceAccountKey = path.join(dir, 'sa.key');
  const serviceAccountPub = path.join(dir, 'sa.pub');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', serviceAccountKey]);
  openssl(['pkey', '-in', serviceAccountKey, '-pubout', '-out', serviceAccountPub]);
  return { dir, ca, apiserver, admin, controllerManager, serviceAccountKey, serviceAccountPub };
}

/** A kubeconfig for one client certificate (kube-controller-manager, the Dapr injector and sentry). */
export function writeKubeconfig(file: string, server: string, caCert: string, client: KeyPair): string {
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'verify', cluster: { server, 'certificate-authority': caCert } }],
      users: [{ name: 'verify', user: { 'client-certificate': client.cert, 'client-key': client.key } }],
      contexts: [{ name: 'verify', context: { cluster: 'verify', user: 'verify' } }],
      'current-context': 'verify',
    }),
    { mode: 0o600 },
  );
  return file;
}
