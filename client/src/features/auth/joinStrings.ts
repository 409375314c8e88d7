import { i18next } from '../../i18n';

/** Strings of the join page's account checks (registered when the join page loads). */
const en = {
  join: {
    passwordHint:
      'At least 10 characters and hard to guess: a few unrelated words work well. Avoid your name, your email and common passwords.',
    weakPassword: 'This password is too easy to guess. Use a longer one, for example a few unrelated words.',
    passwordTooShort: 'The password needs at least {min} characters.',
    passwordTooLong: 'The password can have at most {max} characters.',
    credentials:
      'This email cannot be used with that password. If you already have an account, enter its password — or sign in first and open this link again.',
    haveAccount: 'Already have an account?',
    signInFirst: 'Sign in first',
  },
};

const es: typeof en = {
  join: {
    passwordHint:
      'Al menos 10 caracteres y difícil de adivinar: unas cuantas palabras sin relación funcionan bien. Evite su nombre, su correo y las contraseñas comunes.',
    weakPassword:
      'Esta contraseña es demasiado fácil de adivinar. Use una más larga, por ejemplo varias palabras sin relación.',
    passwordTooShort: 'La contraseña debe tener al menos {min} caracteres.',
    passwordTooLong: 'La contraseña puede tener como máximo {max} caracteres.',
    credentials:
      'Este correo no se puede usar con esa contraseña. Si ya tiene una cuenta, escriba su contraseña, o inicie sesión primero y vuelva a abrir este enlace.',
    haveAccount: '¿Ya tiene una cuenta?',
    signInFirst: 'Inicie sesión primero',
  },
};

const pt: typeof en = {
  join: {
    passwordHint:
      'Pelo menos 10 caracteres e difícil de adivinhar: algumas palavras sem relação funcionam bem. Evite seu nome, seu e-mail e senhas comuns.',
    weakPassword:
      'Esta senha é fácil demais de adivinhar. Use uma mais longa, por exemplo algumas palavras sem relação.',
    passwordTooShort: 'A senha precisa ter pelo menos {min} caracteres.',
    passwordTooLong: 'A senha pode ter no máximo {max} caracteres.',
    credentials:
      'Este e-mail não pode ser usado com essa senha. Se já tiver uma conta, digite a senha dela — ou entre primeiro e abra este link novamente.',
    haveAccount: 'Já tem uma conta?',
    signInFirst: 'Entrar primeiro',
  },
};

const fr: typeof en = {
  join: {
    passwordHint:
      'Au moins 10 caractères et difficile à deviner : quelques mots sans rapport entre eux conviennent bien. Évitez votre nom, votre e-mail et les mots de passe courants.',
    weakPassword:
      'Ce mot de passe est trop facile à deviner. Choisissez-en un plus long, par exemple quelques mots sans rapport entre eux.',
    passwordTooShort: 'Le mot de passe doit comporter au moins {min} caractères.',
    passwordTooLong: 'Le mot de passe peut comporter au plus {max} caractères.',
    credentials:
      'Cet e-mail ne peut pas être utilisé avec ce mot de passe. Si vous avez déjà un compte, saisissez son mot de passe — ou connectez-vous d’abord puis rouvrez ce lien.',
    haveAccount: 'Vous avez déjà un compte ?',
    signInFirst: 'Se connecter d’abord',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
