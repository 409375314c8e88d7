import { uriWithDatabase } from '../../helpers/db';
test('uriWithDatabase points a connection string at the test database', () => {
  expect(uriWithDatabase('mongodb://127.0.0.1:27018', 'x')).toBe('mongodb://127.0.0.1:27018/x');
  expect(uriWithDatabase('mongodb://h1:1,h2:2/app?replicaSet=rs0', 'x')).toBe(
    'mongodb://h1:1,h2:2/x?replicaSet=rs0',
  );
  expect(uriWithDatabase('mongodb://u:p@h/admin', 'x')).toBe('mongodb://u:p@h/x?authSource=admin');
  expect(uriWithDatabase('mongodb+srv://u:p@c.example.net/app?retryWrites=true&authSource=admin', 'x')).toBe(
    'mongodb+srv://u:p@c.example.net/x?retryWrites=true&authSource=admin',
  );
  expect(uriWithDatabase('mongodb://u:p@h/?w=1', 'x')).toBe('mongodb://u:p@h/x?w=1');
});
